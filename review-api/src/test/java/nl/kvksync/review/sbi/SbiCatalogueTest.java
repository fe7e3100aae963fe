package nl.kvksync.review.sbi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SbiCatalogueTest {

    final SbiCatalogue sbi = SbiCatalogue.load();

    @Test
    void knowsPrefixesOfRealCodesFromBothLists() {
        assertThat(sbi.isKnownPrefix("93")).isTrue();
        assertThat(sbi.isKnownPrefix("9312")).isTrue();
        assertThat(sbi.isKnownPrefix("01241")).isTrue();
        assertThat(sbi.isKnownPrefix("0001")).isTrue();
        assertThat(sbi.isKnownPrefix("00")).isTrue();
        assertThat(sbi.isKnownPrefix("99999")).isFalse();
        assertThat(sbi.isKnownPrefix("9a")).isFalse();
        assertThat(sbi.isKnownPrefix("")).isFalse();
    }

    @Test
    void mapsCodesToTheirSection() {
        assertThat(sbi.sectionOf("93122")).isEqualTo("S");
        assertThat(sbi.sectionOf("4711")).isEqualTo("G");
        assertThat(sbi.sectionOf("01241")).isEqualTo("A");
        assertThat(sbi.sectionOf(null)).isNull();
        assertThat(sbi.sections()).containsKeys("A", "V").hasSize(22);
        assertThat(sbi.isSection("S")).isTrue();
        assertThat(sbi.isSection("Z")).isFalse();
    }
}
