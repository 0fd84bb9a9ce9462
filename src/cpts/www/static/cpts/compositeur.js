// Le compositeur au clavier : flèches dans les résultats, focus jamais perdu après un ajout ou un retrait.
(function () {
  "use strict";

  var champ = document.getElementById("recherche");
  var resultats = document.getElementById("resultats");
  if (!champ || !resultats) return;

  // Ce qui a été tapé pendant le chargement de la page, avant que htmx soit prêt, n'a lancé aucune recherche (et la
  // frappe suivante seule l'aurait fait) : dès que htmx a pris le formulaire en charge, la recherche part avec la
  // saisie déjà là. Ce script suit htmx dans la page : son écouteur passe après celui qui prépare les formulaires.
  document.addEventListener("DOMContentLoaded", function () {
    if (champ.value.trim()) htmx.trigger(champ.form, "submit");
  });

  function boutons() {
    return Array.prototype.slice.call(resultats.querySelectorAll(".cpts-ajout button"));
  }

  // Flèche bas depuis le champ : premier résultat ; flèches haut et bas, Début et Fin entre les résultats ; flèche
  // haut sur le premier ou Échap : retour au champ, la saisie gardée.
  champ.addEventListener("keydown", function (evenement) {
    var liste = boutons();
    if (evenement.key === "ArrowDown" && liste.length) {
      evenement.preventDefault();
      liste[0].focus();
    }
  });
  resultats.addEventListener("keydown", function (evenement) {
    var liste = boutons();
    var rang = liste.indexOf(document.activeElement);
    if (rang < 0) return;
    var cible = null;
    if (evenement.key === "ArrowDown") cible = liste[Math.min(rang + 1, liste.length - 1)];
    else if (evenement.key === "ArrowUp") cible = rang === 0 ? champ : liste[rang - 1];
    else if (evenement.key === "Home") cible = liste[0];
    else if (evenement.key === "End") cible = liste[liste.length - 1];
    else if (evenement.key === "Escape") cible = champ;
    if (cible) {
      evenement.preventDefault();
      cible.focus();
    }
  });

  // Le retrait remplace le tableau : le focus va au bouton « Retirer » de la ligne qui a pris la place de la ligne
  // retirée (la précédente si c'était la dernière), au champ de recherche quand il ne reste aucune commune ; après
  // « Tout retirer », au champ de recherche. Le formulaire d'origine est alors sorti de la page (ses événements ne
  // remontent plus) : on note avant l'envoi ce qu'il faudra faire après le remplacement.
  var rangRetire = null;
  document.addEventListener("htmx:beforeRequest", function (evenement) {
    var origine = evenement.detail.elt;
    if (!origine.classList) return;
    if (origine.classList.contains("cpts-retrait")) {
      rangRetire = Array.prototype.indexOf.call(document.querySelectorAll("#composition .cpts-retrait"), origine);
    } else if (origine.classList.contains("cpts-vidage")) {
      rangRetire = Infinity;
    }
  });
  document.addEventListener("htmx:afterSwap", function (evenement) {
    if (evenement.detail.target.id !== "composition" || rangRetire === null) return;
    var restants = document.querySelectorAll("#composition .cpts-retrait button");
    var suivant = rangRetire === Infinity ? null : restants[Math.min(rangRetire, restants.length - 1)];
    rangRetire = null;
    (suivant || champ).focus();
  });

  // Après un ajout depuis les résultats, le focus revient au champ de recherche, vidé : on enchaîne au clavier.
  document.addEventListener("htmx:afterRequest", function (evenement) {
    var origine = evenement.detail.elt;
    if (origine.classList && origine.classList.contains("cpts-ajout")) {
      resultats.innerHTML = "";
      champ.value = "";
      champ.focus();
    }
  });
})();
