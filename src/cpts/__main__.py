from cpts.cli import main

main()
