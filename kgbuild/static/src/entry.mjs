// The libraries the kgbuild view page uses, as one global: window.KgbuildGraphLibs.
import Graph from "graphology";
import Sigma from "sigma";
import forceAtlas2 from "graphology-layout-forceatlas2";
import FA2Layout from "graphology-layout-forceatlas2/worker";

window.KgbuildGraphLibs = { Graph, Sigma, forceAtlas2, FA2Layout };
