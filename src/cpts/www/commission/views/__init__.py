"""Pages de la commission paritaire régionale, une section par module : commissions et compositions (contrôles,
présidence), réunions, scrutins, relevé de décisions. Les droits passent par `cpts.comptes.droits` ; les décisions
par `cpts.commission.services`.
"""
