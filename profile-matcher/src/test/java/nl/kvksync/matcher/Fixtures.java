package nl.kvksync.matcher;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import nl.kvksync.contracts.crm.EnvironmentChanged;
import nl.kvksync.contracts.crm.SubscriptionChanged;
import nl.kvksync.contracts.crm.SubscriptionOrigin;
import nl.kvksync.contracts.kvk.Address;
import nl.kvksync.contracts.kvk.LegalForm;
import nl.kvksync.contracts.kvk.MutationKind;
import nl.kvksync.contracts.kvk.Registration;
import nl.kvksync.contracts.kvk.RegistrationChanged;
import nl.kvksync.contracts.kvk.RegistrationStatus;
import nl.kvksync.contracts.kvk.SbiActivity;
import nl.kvksync.contracts.kvk.SbiVersion;
import nl.kvksync.contracts.review.ImportProfile;
import nl.kvksync.contracts.review.ImportRequested;
import nl.kvksync.contracts.review.PostcodeRange;
import nl.kvksync.contracts.review.SbiScope;

/** Object Mother for the matcher's Avro fixtures: real shapes, small and readable. */
public final class Fixtures {

    public static final Instant T0 = Instant.parse("2026-11-27T15:00:00Z");

    private Fixtures() {
    }

    /** An ACTIVE registration with a visiting address in {@code postcode} and SBI codes (the first is primary). */
    public static Registration registration(String key, String postcode, String... sbiCodes) {
        List<SbiActivity> activities = new ArrayList<>();
        for (int i = 0; i < sbiCodes.length; i++) {
            activities.add(SbiActivity.newBuilder().setCode(sbiCodes[i]).setDescription("activiteit " + sbiCodes[i])
                    .setPrimary(i == 0).setVersion(SbiVersion.SBI2025).build());
        }
        return Registration.newBuilder().setRegistrationKey(key)
                .setKvkNummer(key.startsWith("kvk:") ? key.substring(4) : "6959" + key.substring(8))
                .setVestigingsnummer(key.startsWith("kvk:") ? null : key).setStatus(RegistrationStatus.ACTIVE)
                .setTradeName("Onderneming " + key).setTradeNames(List.of("Onderneming " + key))
                .setVisitingAddress(Address.newBuilder().setStreet("Markt").setHouseNumber(1).setPostcode(postcode)
                        .setCity("Eindhoven").setCountry("Nederland").build())
                .setSbiActivities(activities).setLegalForm(LegalForm.BV)
                .setLegalFormText("Besloten vennootschap met gewone structuur").setEmployees(12).build();
    }

    public static Registration ended(Registration r) {
        return Registration.newBuilder(r).setStatus(RegistrationStatus.ENDED).setEndDate("2026-11-27")
                .setEndReason(nl.kvksync.contracts.kvk.EndReason.BANKRUPT).build();
    }

    public static RegistrationChanged change(MutationKind kind, Registration previous, Registration now,
            String feedId, String... changedFields) {
        return RegistrationChanged.newBuilder().setEventId(feedId + ":" + now.getRegistrationKey())
                .setOccurredAt(T0).setRegistrationKey(now.getRegistrationKey()).setKind(kind)
                .setEffectiveDate("2026-11-27").setChangedFields(Arrays.asList(changedFields)).setPrevious(previous)
                .setRegistration(now).setFeedId(feedId).setFeedLine(1).build();
    }

    public static SubscriptionChanged subscription(String env, String org, String registrationKey, boolean active,
            SubscriptionOrigin origin, long version) {
        return SubscriptionChanged.newBuilder().setEventId(env + ":" + org + ":" + version).setOccurredAt(T0)
                .setEnvironmentId(env).setOrganisationId(org).setRegistrationKey(registrationKey).setActive(active)
                .setOrigin(origin).setVersion(version).build();
    }

    public static EnvironmentChanged environment(String env, boolean advanced) {
        return EnvironmentChanged.newBuilder().setEventId("env:" + env).setOccurredAt(T0).setEnvironmentId(env)
                .setName("Environment " + env).setBasicModule(true).setAdvancedModule(advanced)
                .setOrganisationTypes(List.of("customer", "prospect")).setVersion(1).build();
    }

    /** A profile over postcode ranges {@code {from, to, from, to, ...}} and SBI include prefixes. */
    public static ImportProfile.Builder profile(String env, String profileId, int[] ranges, String... include) {
        List<PostcodeRange> list = new ArrayList<>();
        for (int i = 0; i + 1 < ranges.length; i += 2) {
            list.add(PostcodeRange.newBuilder().setFrom(ranges[i]).setTo(ranges[i + 1]).build());
        }
        return ImportProfile.newBuilder().setEventId("profile:" + profileId).setOccurredAt(T0).setEnvironmentId(env)
                .setProfileId(profileId).setName("Profile " + profileId).setOrganisationType("prospect")
                .setOfferNewRegistrations(true).setPostcodeRanges(list).setSbiInclude(List.of(include))
                .setSbiExclude(List.of()).setSbiScope(SbiScope.PRIMARY).setLegalForms(List.of()).setVersion(1);
    }

    public static ImportRequested importRequested(String importId, ImportProfile profile, long bandMin, long bandMax) {
        return ImportRequested.newBuilder().setEventId("import:" + importId).setOccurredAt(T0).setImportId(importId)
                .setEnvironmentId(profile.getEnvironmentId()).setProfileId(profile.getProfileId()).setProfile(profile)
                .setRequestedBy("admin@" + profile.getEnvironmentId()).setBandMin(bandMin).setBandMax(bandMax).build();
    }

    /** A 12-digit vestigingsnummer from a small number. */
    public static String key(int n) {
        return String.format("%012d", 100000000000L + n);
    }
}
