package nl.kvksync.ingestor.feed;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import nl.kvksync.contracts.kvk.Address;
import nl.kvksync.contracts.kvk.EndReason;
import nl.kvksync.contracts.kvk.MutationKind;
import nl.kvksync.contracts.kvk.Registration;
import nl.kvksync.contracts.kvk.RegistrationStatus;
import nl.kvksync.contracts.kvk.RejectionReason;
import nl.kvksync.contracts.kvk.SbiActivity;

/**
 * Validates and normalises a {@link RawProfile} into a {@link FeedRecord}. It reads the three shapes KvK answers
 * with: a Vestigingsprofiel (the feed's own shape), a Basisprofiel (the registration is its
 * {@code _embedded.hoofdvestiging}, or {@code kvk:<kvkNummer>} without one; the owner's legal form and RSIN come
 * from {@code _embedded.eigenaar}) and a Zoeken result item ({@code adres.binnenlandsAdres} /
 * {@code buitenlandsAdres}, {@code type} hoofdvestiging / nevenvestiging / rechtspersoon). Thread-safe.
 */
public final class RegistrationMapper {

    private final SbiCatalogue sbi;

    public RegistrationMapper(SbiCatalogue sbi) {
        this.sbi = sbi;
    }

    public FeedRecord map(RawProfile p) {
        if (p.fout != null && !p.fout.isEmpty()) {
            String detail = "the source could not deliver this registration: " + String.join("; ", p.fout);
            throw Rejection.reject(RejectionReason.SOURCE_ERROR, "fout", detail, String.join("; ", p.fout));
        }
        RawProfile v = p.hoofdvestiging != null ? p.hoofdvestiging : p;
        RawProfile owner = p.eigenaar;

        MutationKind kind = null;
        String effectiveDate = null;
        EndReason endReason = null;
        if (p.hasMutatie) {
            kind = kind(p.soort);
            effectiveDate = Normalise.date(p.datumIngang, "mutatie.datumIngang");
            endReason = endReason(p.redenEinde);
        }

        String kvkRaw = first(v.kvkNummer, p.kvkNummer);
        if (kvkRaw == null) {
            throw Rejection.reject(RejectionReason.MISSING_FIELD, "kvkNummer",
                    "kvkNummer is missing; every record names its registration's KvK number", null);
        }
        String kvkField = v.kvkNummer != null ? v.field("kvkNummer") : p.field("kvkNummer");
        String kvkNummer = Normalise.kvkNummer(kvkRaw, kvkField);
        if (p.hoofdvestiging != null && p.kvkNummer != null
                && !kvkNummer.equals(Normalise.kvkNummer(p.kvkNummer, "kvkNummer"))) {
            throw Rejection.reject(RejectionReason.INVALID_KVK_NUMMER, v.field("kvkNummer"),
                    "the hoofdvestiging's kvkNummer " + kvkNummer + " differs from the profile's " + p.kvkNummer,
                    v.kvkNummer);
        }
        String vestigingsnummer = v.vestigingsnummer == null ? null
                : Normalise.vestigingsnummer(v.vestigingsnummer, v.field("vestigingsnummer"));
        String key = vestigingsnummer != null ? vestigingsnummer : "kvk:" + kvkNummer;

        // the record's own setters, not its Builder: a Builder validates and deep-copies a default per field, which
        // was a tenth of the parse cost; every field without a null default is set here or below
        Registration r = new Registration();
        r.setRegistrationKey(key);
        r.setKvkNummer(kvkNummer);
        r.setVestigingsnummer(vestigingsnummer);
        r.setTradeNames(List.of());
        r.setSbiActivities(List.of());
        r.setStatus(RegistrationStatus.ACTIVE);

        boolean described = describes(p) || describes(v) || owner != null;
        if (kind == MutationKind.ENDED && !described) {
            r.setStatus(RegistrationStatus.ENDED);
            r.setEndReason(endReason);
            r.setEndDate(effectiveDate);
            return new FeedRecord(r, kind, effectiveDate, endReason, true);
        }

        String rsinRaw = first(p.rsin, v.rsin, owner == null ? null : owner.rsin);
        if (rsinRaw != null) {
            String rsinField = p.rsin != null ? p.field("rsin") : v.rsin != null ? v.field("rsin")
                    : owner.field("rsin");
            r.setRsin(Normalise.rsin(rsinRaw, rsinField));
        }

        List<String> tradeNames = tradeNames(v.handelsnamen != null && !v.handelsnamen.isEmpty() ? v.handelsnamen
                : p.handelsnamen);
        String tradeName = Normalise.text(first(v.eersteHandelsnaam, p.eersteHandelsnaam, v.naam, p.naam));
        if (tradeName == null && !tradeNames.isEmpty()) {
            tradeName = tradeNames.get(0);
        }
        if (tradeNames.isEmpty() && tradeName != null) {
            tradeNames = List.of(tradeName);
        }
        r.setTradeName(tradeName);
        r.setTradeNames(tradeNames);
        r.setStatutoryName(Normalise.text(first(v.statutaireNaam, p.statutaireNaam)));

        RawProfile websiteSource = v.websites != null ? v : p.websites != null ? p : owner;
        if (websiteSource != null && websiteSource.websites != null && !websiteSource.websites.isEmpty()) {
            r.setWebsite(Normalise.website(websiteSource.websites.get(0), websiteSource.field("websites") + "[0]"));
        }
        String phoneRaw = first(p.telefoonnummer, v.telefoonnummer);
        if (phoneRaw != null) {
            r.setPhone(Normalise.phone(phoneRaw, p.telefoonnummer != null ? p.field("telefoonnummer")
                    : v.field("telefoonnummer")));
        }

        List<RawProfile.Address> addresses = v.adressen != null ? v.adressen : p.adressen;
        if (addresses == null && vestigingsnummer == null && owner != null) {
            addresses = owner.adressen;
        }
        if (addresses != null) {
            for (RawProfile.Address a : addresses) {
                Address mapped = address(a);
                if (isPostal(a.type)) {
                    if (r.getPostalAddress() == null) {
                        r.setPostalAddress(mapped);
                    }
                } else if (r.getVisitingAddress() == null) {
                    r.setVisitingAddress(mapped);
                }
            }
        }

        r.setSbiActivities(activities(v.sbiActiviteiten != null && !v.sbiActiviteiten.isEmpty() ? v.sbiActiviteiten
                : p.sbiActiviteiten));
        r.setEmployees(employees(v.totaalWerkzamePersonen != null ? v : p));

        String foundingRaw = first(v.datumAanvang, p.datumAanvang);
        r.setFoundingDate(Normalise.date(foundingRaw, (v.datumAanvang != null ? v : p)
                .field("materieleRegistratie.datumAanvang")));
        String endRaw = first(v.datumEinde, p.datumEinde);
        String endDate = Normalise.date(endRaw, (v.datumEinde != null ? v : p).field("materieleRegistratie.datumEinde"));
        String registeredRaw = first(v.formeleRegistratiedatum, p.formeleRegistratiedatum);
        r.setRegisteredOn(Normalise.date(registeredRaw, (v.formeleRegistratiedatum != null ? v : p)
                .field("formeleRegistratiedatum")));

        String legalFormText = Normalise.text(first(p.uitgebreideRechtsvorm, p.rechtsvorm,
                owner == null ? null : owner.uitgebreideRechtsvorm, owner == null ? null : owner.rechtsvorm,
                v.uitgebreideRechtsvorm, v.rechtsvorm));
        r.setLegalFormText(legalFormText);
        r.setLegalForm(LegalForms.normalise(legalFormText));

        Boolean main = Normalise.jaNee(v.indHoofdvestiging, v.field("indHoofdvestiging"));
        if (main == null && v.type != null) {
            main = switch (v.type.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "hoofdvestiging" -> Boolean.TRUE;
                case "nevenvestiging" -> Boolean.FALSE;
                default -> null;
            };
        }
        if (main == null && p.hoofdvestiging != null) {
            main = Boolean.TRUE;
        }
        r.setMainEstablishment(main);

        boolean inactive = "Nee".equalsIgnoreCase(Normalise.trim(v.actief));
        if (kind == MutationKind.ENDED || endDate != null || inactive) {
            r.setStatus(RegistrationStatus.ENDED);
            r.setEndDate(endDate != null ? endDate : effectiveDate);
            r.setEndReason(kind == MutationKind.ENDED ? (endReason == null ? EndReason.OTHER : endReason)
                    : endReason);
        }
        return new FeedRecord(r, kind, effectiveDate, endReason, false);
    }

    private static boolean describes(RawProfile p) {
        return p.naam != null || p.eersteHandelsnaam != null || p.adressen != null || p.sbiActiviteiten != null
                || p.handelsnamen != null || p.statutaireNaam != null;
    }

    private static MutationKind kind(String soort) {
        String s = Normalise.trim(soort);
        if (s == null) {
            throw Rejection.reject(RejectionReason.INVALID_MUTATION, "mutatie.soort",
                    "mutatie.soort is missing: NIEUW, WIJZIGING or BEEINDIGING", null);
        }
        return switch (s.toUpperCase(java.util.Locale.ROOT)) {
            case "NIEUW" -> MutationKind.NEW;
            case "WIJZIGING" -> MutationKind.CHANGED;
            case "BEEINDIGING", "BEËINDIGING" -> MutationKind.ENDED;
            default -> throw Rejection.reject(RejectionReason.INVALID_MUTATION, "mutatie.soort",
                    "mutatie.soort must be NIEUW, WIJZIGING or BEEINDIGING, found " + Normalise.quote(soort), soort);
        };
    }

    private static EndReason endReason(String redenEinde) {
        String s = Normalise.trim(redenEinde);
        if (s == null) {
            return null;
        }
        return switch (s.toUpperCase(java.util.Locale.ROOT)) {
            case "ONTBINDING" -> EndReason.DISSOLVED;
            case "FAILLISSEMENT" -> EndReason.BANKRUPT;
            case "FUSIE" -> EndReason.MERGED;
            case "OPHEFFING" -> EndReason.DISCONTINUED;
            case "INACTIEF" -> EndReason.INACTIVE;
            case "OVERIG" -> EndReason.OTHER;
            default -> throw Rejection.reject(RejectionReason.INVALID_MUTATION, "mutatie.redenEinde",
                    "mutatie.redenEinde must be ONTBINDING, FAILLISSEMENT, FUSIE, OPHEFFING, INACTIEF or OVERIG, found "
                            + Normalise.quote(redenEinde), redenEinde);
        };
    }

    private static List<String> tradeNames(List<RawProfile.Handelsnaam> names) {
        if (names == null || names.isEmpty()) {
            return List.of();
        }
        List<RawProfile.Handelsnaam> sorted = new ArrayList<>(names);
        sorted.sort(Comparator.comparingInt(RawProfile.Handelsnaam::volgorde));
        List<String> out = new ArrayList<>(sorted.size());
        for (RawProfile.Handelsnaam n : sorted) {
            String t = Normalise.text(n.naam());
            if (t != null) {
                out.add(t);
            }
        }
        return out;
    }

    private static boolean isPostal(String type) {
        if (type == null) {
            return false;
        }
        String t = type.trim();
        return t.equalsIgnoreCase("correspondentieadres") || t.equalsIgnoreCase("postadres");
    }

    private static Address address(RawProfile.Address a) {
        String land = Normalise.text(a.land);
        boolean foreign = a.foreign || a.straatHuisnummer != null || a.postcodeWoonplaats != null
                || (land != null && !land.equalsIgnoreCase("Nederland"));
        Address b = new Address();
        b.setStreet(Normalise.text(a.straatnaam));
        b.setHouseNumber(a.huisnummer);
        b.setHouseLetter(Normalise.text(a.huisletter));
        b.setHouseNumberAddition(Normalise.text(a.huisnummerToevoeging));
        b.setAddition(Normalise.text(a.toevoegingAdres));
        b.setPoBox(a.postbusnummer);
        b.setCity(Normalise.text(a.plaats));
        b.setStreetAndNumber(Normalise.text(a.straatHuisnummer));
        b.setPostcodeAndCity(Normalise.text(a.postcodeWoonplaats));
        b.setRegion(Normalise.text(a.regio));
        b.setCountry(land);
        b.setShielded(Boolean.TRUE.equals(Normalise.jaNee(a.indAfgeschermd, a.field("indAfgeschermd"))));
        if (a.huisnummer != null && a.huisnummer < 0) {
            throw Rejection.reject(RejectionReason.INVALID_NUMBER, a.field("huisnummer"),
                    a.field("huisnummer") + " must not be negative", String.valueOf(a.huisnummer));
        }
        b.setPostcode(foreign ? Normalise.text(a.postcode) : Normalise.postcode(a.postcode, a.field("postcode")));
        return b;
    }

    private List<SbiActivity> activities(List<RawProfile.Sbi> raw) {
        if (raw == null || raw.isEmpty()) {
            return List.of();
        }
        List<SbiActivity> list = new ArrayList<>(raw.size());
        for (RawProfile.Sbi s : raw) {
            String code = Normalise.trim(s.code());
            if (code == null) {
                throw Rejection.reject(RejectionReason.MISSING_FIELD, s.path() + ".sbiCode",
                        s.path() + ".sbiCode is missing", null);
            }
            SbiCatalogue.Entry entry = sbi.find(code);
            if (entry == null) {
                throw Rejection.reject(RejectionReason.UNKNOWN_SBI_CODE, s.path() + ".sbiCode",
                        "SBI code " + Normalise.quote(code) + " is in neither SBI 2008 nor SBI 2025 "
                                + "(codes keep their leading zeros, e.g. 01131)", code);
            }
            String description = Normalise.text(s.omschrijving());
            boolean primary = Boolean.TRUE.equals(Normalise.jaNee(s.indHoofdactiviteit(),
                    s.path() + ".indHoofdactiviteit"));
            SbiActivity activity = new SbiActivity(code, description != null ? description : entry.description(),
                    primary, entry.version());
            if (primary) {
                list.add(0, activity);
            } else {
                list.add(activity);
            }
        }
        return list;
    }

    private static Integer employees(RawProfile p) {
        Integer n = p.totaalWerkzamePersonen;
        if (n != null && n < 0) {
            throw Rejection.reject(RejectionReason.INVALID_NUMBER, p.field("totaalWerkzamePersonen"),
                    p.field("totaalWerkzamePersonen") + " must not be negative", String.valueOf(n));
        }
        return n;
    }

    @SafeVarargs
    private static <T> T first(T... values) {
        for (T v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }
}
