// The OWL API's OWL 2 DL profile check and the HermiT reasoner on one RDF file (Turtle, RDF/XML,
// N-Triples), with the OWL API and HermiT that owlready2 ships (owlready2/hermit/HermiT.jar).
// Used by tests/owl_dl.py; prints one tab-separated line per finding:
//   violation <kind> <text>       an OWL 2 DL profile violation (OWLProfileViolation)
//   consistent true|false         HermiT's verdict
//   unsatisfiable <class IRI>     a named class that can have no member
//   refused <exception> <text>    HermiT could not reason over the ontology (e.g. a datatype
//                                 outside the OWL 2 datatype map)
// With --ignore-unsupported-datatypes HermiT treats literals of such datatypes as opaque values.
// Exit 0 whatever was found; 2 when the file cannot be read as an ontology.
import java.io.File;
import org.semanticweb.HermiT.Configuration;
import org.semanticweb.HermiT.Reasoner;
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.model.OWLClass;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.model.OWLOntologyManager;
import org.semanticweb.owlapi.profiles.OWL2DLProfile;
import org.semanticweb.owlapi.profiles.OWLProfileViolation;

public class OwlDlCheck {
  private static String oneLine(Object o) {
    return String.valueOf(o).replaceAll("\\s+", " ").trim();
  }

  public static void main(String[] args) {
    boolean ignoreDatatypes = false;
    String path = null;
    for (String a : args) {
      if (a.equals("--ignore-unsupported-datatypes")) ignoreDatatypes = true;
      else path = a;
    }
    if (path == null) {
      System.err.println("usage: OwlDlCheck [--ignore-unsupported-datatypes] FILE");
      System.exit(2);
    }
    OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
    OWLOntology ontology;
    try {
      ontology = manager.loadOntologyFromOntologyDocument(new File(path));
    } catch (Exception e) {
      System.err.println(path + ": not readable as an ontology (" + oneLine(e.getMessage()) + ")");
      System.exit(2);
      return;
    }
    for (OWLProfileViolation v : new OWL2DLProfile().checkOntology(ontology).getViolations()) {
      System.out.println("violation\t" + v.getClass().getSimpleName() + "\t" + oneLine(v));
    }
    try {
      Configuration config = new Configuration();
      config.ignoreUnsupportedDatatypes = ignoreDatatypes;
      Reasoner reasoner = new Reasoner(config, ontology);
      boolean consistent = reasoner.isConsistent();
      System.out.println("consistent\t" + consistent);
      if (consistent) {
        for (OWLClass c : reasoner.getUnsatisfiableClasses().getEntitiesMinusBottom()) {
          System.out.println("unsatisfiable\t" + c.getIRI());
        }
      }
    } catch (Exception e) {
      System.out.println("refused\t" + e.getClass().getSimpleName() + "\t" + oneLine(e.getMessage()));
    }
  }
}
