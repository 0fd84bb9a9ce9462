// Les gardes des formulaires, sans script en ligne (la politique CSP les refuse).
(function () {
  "use strict";

  // Un formulaire refusé : le focus va au résumé de ses erreurs (le premier de la page), lu aussitôt par un lecteur
  // d'écran ; chacun de ses liens mène au champ à corriger.
  var resume = document.querySelector("[data-resume-erreurs]");
  if (resume) {
    resume.focus();
  }

  // « Revenir au formulaire » d'une page d'erreur : le retour de l'historique garde la saisie ; le lien (la page
  // d'où venait l'envoi) ne sert que si l'historique est vide.
  document.querySelectorAll("[data-retour]").forEach(function (lien) {
    lien.addEventListener("click", function (evenement) {
      if (window.history.length > 1) {
        evenement.preventDefault();
        window.history.back();
      }
    });
  });

  // Un fichier plus lourd que la limite du serveur est refusé avant l'envoi, sans quitter la page.
  function libelle(octets) {
    return (octets / (1024 * 1024)).toLocaleString("fr-FR", { maximumFractionDigits: 1 }) + " Mo";
  }
  document.querySelectorAll("input[type=file][data-taille-max]").forEach(function (champ) {
    champ.addEventListener("change", function () {
      var max = parseInt(champ.dataset.tailleMax, 10);
      var tropLourd = Array.prototype.find.call(champ.files, function (fichier) {
        return fichier.size > max;
      });
      champ.setCustomValidity(
        tropLourd
          ? "Le fichier « " + tropLourd.name + " » (" + libelle(tropLourd.size) + ") dépasse la taille permise (" +
              libelle(max) + ")."
          : ""
      );
      champ.reportValidity();
    });
  });

  // Un envoi plus gros que la limite du serveur n'est pas envoyé : la saisie reste à l'écran, avec le message.
  // La taille du corps tel que le navigateur l'enverra, à quelques octets d'en-tête près.
  function taille(formulaire, avecFichiers) {
    var octets = 0;
    new FormData(formulaire).forEach(function (valeur, nom) {
      if (typeof valeur !== "string") {
        octets += valeur.size + nom.length + 200;
      } else if (avecFichiers) {
        octets += new Blob([valeur]).size + nom.length + 100;
      } else {
        octets += encodeURIComponent(valeur).length + encodeURIComponent(nom).length + 2;
      }
    });
    return octets;
  }
  var corps = document.body.dataset;
  document.querySelectorAll("form[method=post]").forEach(function (formulaire) {
    formulaire.addEventListener("submit", function (evenement) {
      var avecFichiers = formulaire.enctype === "multipart/form-data";
      var max = parseInt(avecFichiers ? corps.corpsFichiersMax : corps.corpsMax, 10);
      if (!max || taille(formulaire, avecFichiers) <= max) {
        return;
      }
      evenement.preventDefault();
      var alerte = formulaire.querySelector(".cpts-trop-volumineux");
      if (!alerte) {
        alerte = document.createElement("div");
        alerte.className = "fr-alert fr-alert--error fr-mb-3w cpts-trop-volumineux";
        alerte.setAttribute("role", "alert");
        alerte.appendChild(document.createElement("p"));
        formulaire.insertBefore(alerte, formulaire.firstChild);
      }
      alerte.firstChild.textContent = corps.messageTropVolumineux.replace(
        "rien n'a été enregistré", "rien n'a été envoyé, votre saisie est conservée"
      );
      alerte.scrollIntoView();
    });
  });
})();
