// Deux gardes des formulaires, sans script en ligne (la politique CSP les refuse).
(function () {
  "use strict";

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
})();
