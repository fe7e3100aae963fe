package nl.kvksync.crmsync.organisation;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;
import nl.kvksync.contracts.OrganisationFields;
import nl.kvksync.contracts.kvk.Registration;
import nl.kvksync.crmsync.register.LinkCandidates;

/** Registrations an organisation could be linked to, best first. */
@Schema(name = "LinkCandidates")
record CandidatesView(String organisationId, List<CandidateView> candidates) {

    /** One candidate with its score (0-100) and the reasons for it. */
    @Schema(name = "LinkCandidate")
    record CandidateView(String registrationKey, String kvkNummer, String vestigingsnummer, String tradeName,
            String statutoryName, @Schema(description = "display form") String visitingAddress,
            @Schema(allowableValues = {"ACTIVE", "ENDED"}) String status,
            @Schema(minimum = "0", maximum = "100", example = "90") int score,
            @Schema(example = "[\"KvK number 69599084 matches exactly\"]") List<String> reasons,
            @Schema(description = "the organisation of this environment already linked to it, if any") String linkedTo) {
    }

    static CandidatesView of(String organisationId, List<LinkCandidates.Candidate> ranked, String env,
            Map<String, OrganisationDocument> linked) {
        return new CandidatesView(organisationId, ranked.stream().map(c -> {
            Registration r = c.registration();
            OrganisationDocument holder = linked.get(OrganisationDocument.linkKey(env, r.getRegistrationKey()));
            return new CandidateView(r.getRegistrationKey(), r.getKvkNummer(), r.getVestigingsnummer(),
                    r.getTradeName(), r.getStatutoryName(), OrganisationFields.display(r.getVisitingAddress()),
                    r.getStatus().name(), c.score(), c.reasons(), holder == null ? null : holder.id());
        }).toList());
    }
}
