package nl.kvksync.ingestor.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import nl.kvksync.contracts.kvk.LegalForm;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class LegalFormsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            Eenmanszaak                                         | EENMANSZAAK
            Eenmanszaak met meer dan één eigenaar               | EENMANSZAAK
            Besloten vennootschap met gewone structuur          | BV
            Besloten Vennootschap                               | BV
            B.V.                                                | BV
            Naamloze vennootschap beleggingsmaatschappij met veranderlijk kapitaal | NV
            Vennootschap Onder Firma                            | VOF
            Commanditaire vennootschap met een beherend vennoot | CV
            Coöperatie U.A. met gewone structuur                | COOPERATIE
            Europese coöperatieve vennootschap (SCE)            | SCE
            Europese naamloze vennootschap (SE) met gewone structuur | SE
            Onderlinge waarborgmaatschappij W.A. met gewone structuur | OWM
            Vereniging van eigenaars                            | VVE
            Vereniging met beperkte rechtsbevoegdheid           | VERENIGING
            Stichting                                           | STICHTING
            Fundatie Stichting                                  | OVERIGE_PRIVAATRECHTELIJKE_RECHTSPERSOON
            Kerkgenootschap                                     | KERKGENOOTSCHAP
            Gemeente                                            | PUBLIEKRECHTELIJKE_RECHTSPERSOON
            N.V./B.V. in oprichting op A-formulier              | IN_OPRICHTING
            Buitenl. EG-venn. met onderneming in Nederland      | BUITENLANDSE_VENNOOTSCHAP
            Kapitaalvennootschap binnen EER                     | BUITENLANDSE_VENNOOTSCHAP
            Europees economisch samenwerkingsverband            | EESV
            Rederij                                             | REDERIJ
            Maatschap                                           | MAATSCHAP
            41                                                  | BV
            Iets heel anders                                    | OTHER
            """)
    void normalises(String text, LegalForm form) {
        assertThat(LegalForms.normalise(text)).isEqualTo(form);
    }

    @Test
    void everyNameInTheReferenceListsIsRecognised() throws IOException {
        // The reference lists, copied into the test resources (see kvk/PROVENANCE.md).
        for (Path file : List.of(Path.of("src/test/resources/kvk/rechtsvormen/persoon-rechtsvormen.csv"),
                Path.of("src/test/resources/kvk/rechtsvormen/rechtsvorm-codes-2013.csv"))) {
            List<String> lines = Files.readAllLines(file);
            for (String line : lines.subList(1, lines.size())) {
                List<String> row = SbiCatalogue.parseCsvLine(line);
                String name = row.get(1);
                if (row.size() > 2 && row.get(2).contains("NOT a KvK code")) {
                    continue;
                }
                assertThat(LegalForms.normalise(name)).as(name).isNotEqualTo(LegalForm.OTHER).isNotNull();
            }
        }
    }
}
