package nl.kvksync.review.organisation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import nl.kvksync.contracts.crm.ChangeSource;
import nl.kvksync.contracts.crm.Organisation;
import nl.kvksync.contracts.crm.OrganisationChangeKind;
import nl.kvksync.contracts.crm.OrganisationChanged;
import nl.kvksync.review.support.Fixtures;
import nl.kvksync.review.support.ReviewStack;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The read model takes a poll of changes at once and keeps, per organisation, the highest version. */
class OrganisationReadModelIT extends ReviewStack {

    @Autowired
    OrganisationReadModel readModel;

    @Test
    void aPollKeepsTheNewestVersionOfEachOrganisationAndTellsWhichChangesWereNewer() {
        String env = Fixtures.env("read-model");
        Instant synced = Instant.now();
        Organisation v1 = Fixtures.organisation(env, "org-a", Fixtures.registration("000038509504", "Dagobert",
                "1034WL", "93122"), synced, 1);
        Organisation v2 = Fixtures.userEdited(v1, "tradeName", "Dagobert 2", "anna", synced.plusSeconds(1));
        Organisation v3 = Fixtures.userEdited(v2, "tradeName", "Dagobert 3", "anna", synced.plusSeconds(2));
        Organisation other = Fixtures.organisation(env, "org-b", Fixtures.registration("000012345678", "Nieuw BV",
                "5611AB", "4711"), synced, 1);
        assertThat(readModel.applyAll(List.of(change(v1, v2)))).containsExactly(true);

        // a redelivery of v2, then v3, an old v1, v3 again and another organisation's first version
        assertThat(readModel.applyAll(List.of(change(v1, v2), change(v2, v3), change(v1, v1), change(v2, v3),
                change(other, other)))).containsExactly(false, true, false, false, true);

        assertThat(readModel.find(env, "org-a")).get()
                .satisfies(o -> assertThat(o.getTradeName()).isEqualTo("Dagobert 3"));
        assertThat(readModel.find(env, "org-b")).get()
                .satisfies(o -> assertThat(o.getTradeName()).isEqualTo("Nieuw BV"));
    }

    private static OrganisationChanged change(Organisation before, Organisation after) {
        return Fixtures.changed(before, after, OrganisationChangeKind.UPDATED, ChangeSource.USER, null, null,
                List.of());
    }
}
