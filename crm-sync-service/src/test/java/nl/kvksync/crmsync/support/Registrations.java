package nl.kvksync.crmsync.support;

import java.util.List;

import nl.kvksync.contracts.kvk.Address;
import nl.kvksync.contracts.kvk.EndReason;
import nl.kvksync.contracts.kvk.LegalForm;
import nl.kvksync.contracts.kvk.Registration;
import nl.kvksync.contracts.kvk.RegistrationStatus;
import nl.kvksync.contracts.kvk.SbiActivity;
import nl.kvksync.contracts.kvk.SbiVersion;

/**
 * Object Mother of registrations, normalised as the ingestor publishes them. The first two are real records of the
 * KvK test environment (../shared/data/kvk/examples/test-env/): vestigingsprofiel 000038509504 with its owner's
 * rechtsvorm (basisprofiel 69599084), and the zoeken result for RSIN 992760562.
 */
public final class Registrations {

    private Registrations() {
    }

    /** Test EMZ Dagobert, Abebe Bikilalaan 17M, 1034WL Amsterdam (vestigingsprofiel 000038509504). */
    public static Registration.Builder dagobert() {
        return Registration.newBuilder().setRegistrationKey("000038509504").setKvkNummer("69599084")
                .setVestigingsnummer("000038509504").setStatus(RegistrationStatus.ACTIVE)
                .setTradeName("Test EMZ Dagobert")
                .setTradeNames(List.of("Test EMZ Dagobert", "Tweede handelsnaam 1MZ", "Derde handelsnaam 1MZ",
                        "Vierde handelsnaam 1MZ"))
                .setVisitingAddress(Address.newBuilder().setStreet("Abebe Bikilalaan").setHouseNumber(17)
                        .setHouseLetter("M").setPostcode("1034WL").setCity("Amsterdam").setCountry("Nederland").build())
                .setSbiActivities(List.of(
                        sbi("10110", "Verwerking en conservering van vlees, met uitzondering van vlees van gevogelte",
                                true),
                        sbi("10120", "Verwerking en conservering van vlees van gevogelte", false),
                        sbi("10130", "Vervaardiging van vleesproducten", false)))
                .setEmployees(1).setFoundingDate("2015-08-28").setLegalForm(LegalForm.EENMANSZAAK)
                .setLegalFormText("Eenmanszaak").setMainEstablishment(true).setRegisteredOn("2020-08-28");
    }

    /** Grand Joyflex B.V., Sterksel (zoeken rsin=992760562). */
    public static Registration.Builder grandJoyflex() {
        return Registration.newBuilder().setRegistrationKey("990000541921").setKvkNummer("90001354")
                .setVestigingsnummer("990000541921").setRsin("992760562").setStatus(RegistrationStatus.ACTIVE)
                .setTradeName("Grand Joyflex B.V.").setTradeNames(List.of("Grand Joyflex B.V."))
                .setStatutoryName("Grand Joyflex B.V.")
                .setPostalAddress(Address.newBuilder().setCity("Sterksel").setCountry("Nederland").build())
                .setLegalForm(LegalForm.BV).setLegalFormText("Besloten vennootschap met gewone structuur")
                .setMainEstablishment(true);
    }

    /** A made-up registration with a generated key, for tests that need many distinct ones. */
    public static Registration.Builder numbered(int n) {
        String kvk = String.format("%08d", 10_000_000 + n);
        String vestiging = String.format("%012d", 100_000_000_000L + n);
        return Registration.newBuilder().setRegistrationKey(vestiging).setKvkNummer(kvk).setVestigingsnummer(vestiging)
                .setStatus(RegistrationStatus.ACTIVE).setTradeName("Bakkerij nummer " + n)
                .setTradeNames(List.of("Bakkerij nummer " + n))
                .setVisitingAddress(Address.newBuilder().setStreet("Markt").setHouseNumber(1 + n % 200)
                        .setPostcode(String.format("%04dAB", 5200 + n % 300)).setCity("'s-Hertogenbosch")
                        .setCountry("Nederland").build())
                .setSbiActivities(List.of(sbi("10711", "Brood- en banketbakkerijen", true))).setEmployees(n % 50)
                .setFoundingDate("2001-05").setLegalForm(LegalForm.VOF).setLegalFormText("Vennootschap onder firma")
                .setWebsite("https://bakkerij" + n + ".example.nl").setPhone("+31736" + String.format("%06d", n % 1_000_000));
    }

    /** The same registration, ended (bankrupt) on {@code date}. */
    public static Registration ended(Registration r, String date) {
        return Registration.newBuilder(r).setStatus(RegistrationStatus.ENDED).setEndDate(date)
                .setEndReason(EndReason.BANKRUPT).build();
    }

    public static SbiActivity sbi(String code, String description, boolean primary) {
        return SbiActivity.newBuilder().setCode(code).setDescription(description).setPrimary(primary)
                .setVersion(SbiVersion.SBI2008).build();
    }
}
