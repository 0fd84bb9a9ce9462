"""Un vrai serveur SMTP (aiosmtpd) sur la boucle locale, lancé par la suite de tests : les courriels partent par le
moteur SMTP de Django, comme en production, et les tests lisent ce que le serveur a reçu."""

import email
import socket
from email import policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller


def port_libre() -> int:
    with socket.socket() as prise:
        prise.bind(("127.0.0.1", 0))
        return prise.getsockname()[1]


class Boite:
    def __init__(self) -> None:
        self.recus: list[EmailMessage] = []
        self.enveloppes: list[tuple[str, list[str]]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.enveloppes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        self.recus.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepté"


class ServeurSmtp:
    def __init__(self) -> None:
        self.boite = Boite()
        self.port = port_libre()
        self._controleur: Controller | None = None

    @property
    def recus(self) -> list[EmailMessage]:
        return self.boite.recus

    def demarrer(self) -> None:
        self._controleur = Controller(self.boite, hostname="127.0.0.1", port=self.port)
        self._controleur.start()

    def arreter(self) -> None:
        if self._controleur is not None:
            self._controleur.stop()
            self._controleur = None

    def pour(self, adresse: str) -> list[EmailMessage]:
        return [m for m in self.recus if adresse in str(m["To"])]
