package nl.kvksync.localstack.generate;

import java.util.SplittableRandom;

/**
 * The legal forms the generator uses, as KvK spells them ({@code rechtsvorm}, {@code uitgebreideRechtsvorm}, from
 * shared/data/kvk/rechtsvormen/), with their share of registrations in percent: most registrations are an
 * eenmanszaak, then the BV.
 */
enum LegalForm {
    EENMANSZAAK("Eenmanszaak", "Eenmanszaak", 60.0, false, ""),
    BV("Besloten Vennootschap", "Besloten vennootschap met gewone structuur", 22.0, true, " B.V."),
    VOF("Vennootschap Onder Firma", "Vennootschap onder firma", 5.5, false, " V.O.F."),
    STICHTING("Stichting", "Stichting", 4.5, true, ""),
    VERENIGING("Vereniging", "Vereniging met volledige rechtsbevoegdheid", 2.5, true, ""),
    VVE("Vereniging van Eigenaars", "Vereniging van eigenaars", 2.5, true, ""),
    MAATSCHAP("Maatschap", "Maatschap", 1.0, false, ""),
    CV("Commanditaire Vennootschap", "Commanditaire vennootschap met een beherend vennoot", 0.5, false, " C.V."),
    COOPERATIE("Coöperatie", "Coöperatie U.A. met gewone structuur", 0.4, true, " U.A."),
    KERKGENOOTSCHAP("Kerkgenootschap", "Kerkgenootschap", 0.3, true, ""),
    BUITENLANDS("Kapitaalvennootschap binnen EER", "Buitenl. EG-venn. met onderneming in Nederland", 0.3, true,
            " Ltd"),
    NV("Naamloze Vennootschap", "Naamloze vennootschap met gewone structuur", 0.1, true, " N.V."),
    PUBLIEKRECHTELIJK("Publiekrechtelijke Rechtspersoon", "Publiekrechtelijke rechtspersoon", 0.1, true, ""),
    OWM("Onderlinge Waarborg Maatschappij", "Onderlinge waarborgmaatschappij U.A. met gewone structuur", 0.02, true,
            " U.A.");

    final String rechtsvorm;
    final String uitgebreideRechtsvorm;
    final double share;
    /** A legal entity with a statutory name (statutaireNaam). */
    final boolean rechtspersoon;
    final String suffix;

    LegalForm(String rechtsvorm, String uitgebreideRechtsvorm, double share, boolean rechtspersoon, String suffix) {
        this.rechtsvorm = rechtsvorm;
        this.uitgebreideRechtsvorm = uitgebreideRechtsvorm;
        this.share = share;
        this.rechtspersoon = rechtspersoon;
        this.suffix = suffix;
    }

    /** Eenmanszaken have no RSIN; legal entities and partnerships do. */
    boolean hasRsin() {
        return this != EENMANSZAAK;
    }

    private static final Weighted<LegalForm> SHARES = new Weighted<>();

    static {
        for (LegalForm form : values()) {
            SHARES.add(form, form.share);
        }
    }

    static LegalForm pick(SplittableRandom random) {
        return SHARES.pick(random);
    }
}
