"""Les 20 contrats signés en Auvergne-Rhône-Alpes au 4 juin 2021 ([cpr-aura-2021-06-09], « FOCUS CONTRATS ACI SIGNES »).

Le tableau donne le nom, la date et la taille ; la population vient du territoire de démonstration (voir
`cpts.demo.aura`). Ni les dates de démarrage des missions ni les versements ne sont publiés : les trois missions
socles de l'ACI 2019 démarrent ici à la signature, et les échéances passées au 1er juin 2021 (date de l'état des
lieux) sont payées par l'administrateur de démonstration, au travers des contrôles ordinaires. Relancer ne crée rien.
"""

import datetime

from cpts.comptes.models import Utilisateur
from cpts.contrats import paiements, services
from cpts.contrats.echeancier import echeancier_du_contrat
from cpts.contrats.models import Contrat
from cpts.demo.aura import CONTRATS_PUBLIES, ETAT_DES_LIEUX, SIGNATURE_AU_DOSSIER
from cpts.dossiers.models import Cpts
from cpts.territoires.enregistrement import territoire_en_cours

MISSIONS_ACI_2019 = ("acces", "parcours", "prevention")


def payer_jusqu_au(contrat: Contrat, agent: Utilisateur, jusqu_au: datetime.date) -> None:
    """Verse tout ce qui est payable et dû à la date dite, comme une CPAM à jour de ses paiements."""
    for ligne in echeancier_du_contrat(contrat).lignes:
        if ligne.payable > 0 and ligne.du_le <= jusqu_au:
            paiements.enregistrer_paiement(
                contrat,
                agent,
                annee=ligne.annee,
                mission=ligne.mission,
                volet=ligne.volet,
                nature=ligne.nature,
                montant=ligne.payable,
                date=ligne.du_le,
                reference=f"DEMO-{contrat.cpts_id}-{ligne.identifiant}",
            )


def creer_contrats() -> int:
    # L'administrateur de démonstration reprend les contrats de toute la région (les agents ont un périmètre).
    agent = Utilisateur.objects.filter(username="admin").first()
    if agent is None:
        return 0
    crees = 0
    for rang, (departement, nom, signature, taille) in enumerate(CONTRATS_PUBLIES):
        cpts = Cpts.objects.filter(nom=nom, departement=departement).first()
        if cpts is None or cpts.contrats.exists():
            continue
        territoire = territoire_en_cours(cpts)
        contrat = services.reprendre_contrat(
            cpts,
            agent,
            signature=signature,
            taille_publiee=taille,
            missions_choisies=dict.fromkeys(MISSIONS_ACI_2019, signature),
            population=territoire.population if territoire else None,
            membres=25 + (rang * 7) % 60,
            signature_au_dossier=SIGNATURE_AU_DOSSIER.get(nom),
        )
        payer_jusqu_au(contrat, agent, ETAT_DES_LIEUX)
        crees += 1
    return crees
