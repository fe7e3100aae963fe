package nl.kvksync.localstack.generate;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a register of N registrations as a feed of NIEUW records. Record {@code i} depends only on the seed and
 * {@code i}, so the output is the same on every run and the file streams out without holding records in memory.
 * About 8 % of the lines are branch establishments (nevenvestigingen) of the company on the line before (same KvK
 * number, RSIN and legal form), and about 1 % are legal entities registered without an establishment (key
 * {@code kvk:<kvkNummer>}).
 */
public final class RegisterGenerator {

    /** The first index of new registrations in generated weeks; registers must be smaller. */
    static final long NEW_INDEX_BASE = 50_000_000L;

    private final long seed;
    private final String datumIngang;
    private final SbiCodes sbi;
    private final Geography geography = new Geography();

    public RegisterGenerator(long seed) {
        this(seed, "20261120");
    }

    public RegisterGenerator(long seed, String datumIngang) {
        this.seed = seed;
        this.datumIngang = datumIngang;
        this.sbi = new SbiCodes();
    }

    RegisterGenerator(long seed, String datumIngang, SbiCodes sbi) {
        this.seed = seed;
        this.datumIngang = datumIngang;
        this.sbi = sbi;
    }

    SbiCodes sbi() {
        return sbi;
    }

    /** Writes {@code count} lines to {@code out} (gzipped when the name ends in .gz), atomically; returns bytes. */
    public long write(Path out, long count) {
        if (count < 0 || count > NEW_INDEX_BASE) {
            throw new IllegalArgumentException("count must be between 0 and " + NEW_INDEX_BASE);
        }
        Path tmp = out.resolveSibling(out.getFileName() + ".part");
        try {
            if (out.toAbsolutePath().getParent() != null) {
                Files.createDirectories(out.toAbsolutePath().getParent());
            }
            try (Writer writer = writer(tmp, out.getFileName().toString().endsWith(".gz"))) {
                StringBuilder line = new StringBuilder(2048);
                for (long i = 0; i < count; i++) {
                    line.setLength(0);
                    appendLine(line, i, "NIEUW", datumIngang);
                    line.append('\n');
                    writer.append(line);
                }
            }
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return Files.size(out);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + out + ": " + e.getMessage(), e);
        }
    }

    static Writer writer(Path file, boolean gzip) throws IOException {
        OutputStream os = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        if (gzip) {
            os = new GZIPOutputStream(os, 1 << 16);
        }
        return new java.io.BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8), 1 << 16);
    }

    /** The feed line of registration {@code index}, without the newline. */
    public String line(long index, String soort, String datum) {
        StringBuilder out = new StringBuilder(2048);
        appendLine(out, index, soort, datum);
        return out.toString();
    }

    private SplittableRandom random(long index, long stream) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index * 0xBF58476D1CE4E5B9L + stream);
    }

    private boolean isBranch(long index) {
        return index > 0 && index < NEW_INDEX_BASE && random(index, 1).nextInt(100) < 8;
    }

    /** The company a line belongs to: the first line of its run of branches. */
    private long companyIndex(long index) {
        long c = index;
        while (isBranch(c)) {
            c--;
        }
        return c;
    }

    /** What all establishments of one company share. */
    private record Company(long index, LegalForm form, String kvkNummer, String rsin, String name,
            String statutoryName, SbiCodes.Code primarySbi, SbiCodes.Code secondSbi, LocalDate founded,
            String website, boolean withoutEstablishment) {
    }

    private Company company(long index) {
        SplittableRandom r = random(index, 2);
        LegalForm form = LegalForm.pick(r);
        boolean historic = r.nextInt(100) < 10;
        SbiCodes.Code primary = historic ? sbi.pick2008(r) : sbi.pick2025(r);
        SbiCodes.Code second = null;
        if (r.nextInt(100) < 30) {
            // a second activity from the same section, as registrations usually have
            for (int tries = 0; tries < 40 && second == null; tries++) {
                SbiCodes.Code candidate = historic ? sbi.pick2008(r) : sbi.pick2025(r);
                if (candidate.section().equals(primary.section()) && !candidate.code().equals(primary.code())) {
                    second = candidate;
                }
            }
        }
        String surname = Names.capitalise(Names.surname(r));
        String activity = Names.activity(primary.section(), r);
        String name = switch (form) {
            case EENMANSZAAK -> r.nextBoolean() ? Names.firstName(r) + " " + surname + " " + activity
                    : activity + " " + surname;
            case VOF, MAATSCHAP, CV -> surname + " & " + Names.capitalise(Names.surname(r)) + " " + activity;
            case STICHTING -> "Stichting " + activity + " " + Names.surname(r).replace("van ", "Van ");
            case VERENIGING -> "Vereniging " + activity;
            case VVE -> "VvE " + Geography.street(r) + " " + (1 + r.nextInt(200));
            case KERKGENOOTSCHAP -> "Gemeente " + Names.capitalise(Names.surname(r));
            case PUBLIEKRECHTELIJK -> "Gemeenschappelijke Regeling " + activity;
            default -> surname + " " + activity;
        };
        String statutory = form.rechtspersoon ? name + form.suffix : null;
        int year = 2026 - (int) Math.min(75, Math.floor(-Math.log(1 - r.nextDouble()) * 12));
        LocalDate founded = LocalDate.of(year, 1, 1).plusDays(r.nextInt(365));
        if (founded.isAfter(LocalDate.of(2026, 11, 1))) {
            founded = LocalDate.of(2026, 11, 1).minusDays(r.nextInt(300));
        }
        String website = r.nextInt(100) < 40 ? "www." + Names.slug(name) + ".nl" : null;
        boolean without = form.rechtspersoon && form != LegalForm.BV && r.nextInt(100) < 12;
        return new Company(index, form, Identifiers.kvkNummer(index), form.hasRsin() ? Identifiers.rsin(index) : null,
                name, statutory, primary, second, founded, website, without);
    }

    void appendLine(StringBuilder out, long index, String soort, String datum) {
        long companyIndex = companyIndex(index);
        Company c = company(companyIndex);
        boolean branch = companyIndex != index;
        SplittableRandom r = random(index, 3);
        Geography.Region region = geography.region(r);
        String city = region.city();

        out.append("{\"mutatie\":{");
        Json.field(out, "soort", soort).append(',');
        Json.field(out, "datumIngang", datum).append("},");
        boolean establishment = branch || !c.withoutEstablishment();
        if (establishment) {
            Json.field(out, "vestigingsnummer", Identifiers.vestigingsnummer(index)).append(',');
        }
        Json.field(out, "kvkNummer", c.kvkNummer()).append(',');
        if (c.rsin() != null) {
            Json.field(out, "rsin", c.rsin()).append(',');
        }
        Json.field(out, "rechtsvorm", c.form().rechtsvorm).append(',');
        Json.field(out, "uitgebreideRechtsvorm", c.form().uitgebreideRechtsvorm).append(',');
        if (establishment && r.nextInt(100) < 30) {
            Json.field(out, "telefoonnummer", Geography.phone(region, r)).append(',');
        }
        Json.field(out, "indNonMailing", r.nextInt(100) < 20 ? "Ja" : "Nee").append(',');
        LocalDate started = branch ? c.founded().plusDays(30 + r.nextInt(3000)) : c.founded();
        if (started.isAfter(LocalDate.of(2026, 11, 1))) {
            started = c.founded();
        }
        Json.field(out, "formeleRegistratiedatum", yyyymmdd(started.plusDays(r.nextInt(20)))).append(',');
        // about 1 % of older registrations only know the month of their start, as KvK writes it: 20150600
        String aanvang = started.getYear() < 1990 && r.nextInt(100) < 10 ? yyyymmdd(started).substring(0, 6) + "00"
                : yyyymmdd(started);
        out.append("\"materieleRegistratie\":{");
        Json.field(out, "datumAanvang", aanvang).append("},");
        if (c.statutoryName() != null) {
            Json.field(out, "statutaireNaam", c.statutoryName()).append(',');
        }
        String tradeName = branch ? c.name() + " " + city : c.name();
        if (establishment) {
            Json.field(out, "eersteHandelsnaam", tradeName).append(',');
            Json.field(out, "indHoofdvestiging", branch ? "Nee" : "Ja").append(',');
            Json.field(out, "indCommercieleVestiging", c.form().rechtspersoon && !isCommercial(c) ? "Nee" : "Ja")
                    .append(',');
            out.append("\"totaalWerkzamePersonen\":").append(employees(c.form(), r)).append(',');
            out.append("\"handelsnamen\":[{");
            Json.field(out, "naam", tradeName).append(",\"volgorde\":0}");
            if (r.nextInt(100) < 10) {
                out.append(",{");
                Json.field(out, "naam", Names.activity(c.primarySbi().section(), r) + " " + city)
                        .append(",\"volgorde\":1}");
            }
            out.append("],");
        } else {
            Json.field(out, "naam", c.name()).append(',');
        }
        out.append("\"adressen\":[");
        String postcode = Geography.postcode(region, r);
        String street = Geography.street(r);
        int number = 1 + (int) Math.min(400, Math.floor(-Math.log(1 - r.nextDouble()) * 40));
        String letter = r.nextInt(100) < 6 ? String.valueOf("ABCD".charAt(r.nextInt(4))) : null;
        if (establishment) {
            address(out, "bezoekadres", street, number, letter, postcode, city);
            if (r.nextInt(100) < 12) {
                out.append(',');
                postbus(out, 1 + r.nextInt(9000), Geography.postcode(region, r), city);
            }
        } else {
            address(out, "correspondentieadres", street, number, letter, postcode, city);
        }
        out.append("],");
        if (c.website() != null && establishment) {
            out.append("\"websites\":[");
            Json.string(out, c.website()).append("],");
        }
        out.append("\"sbiActiviteiten\":[");
        sbi(out, c.primarySbi(), true);
        if (c.secondSbi() != null) {
            out.append(',');
            sbi(out, c.secondSbi(), false);
        }
        out.append("]}");
    }

    private static boolean isCommercial(Company c) {
        return c.form() == LegalForm.BV || c.form() == LegalForm.NV || c.form() == LegalForm.COOPERATIE
                || c.form() == LegalForm.BUITENLANDS;
    }

    private static int employees(LegalForm form, SplittableRandom r) {
        if (form == LegalForm.EENMANSZAAK) {
            int x = r.nextInt(100);
            return x < 72 ? 1 : x < 88 ? 2 : 3 + r.nextInt(4);
        }
        if (form == LegalForm.VVE) {
            return 0;
        }
        // Pareto-like: most small, a few large
        double u = 1 - r.nextDouble();
        return (int) Math.min(20_000, Math.floor(Math.pow(u, -1.3)));
    }

    static void address(StringBuilder out, String type, String street, int number, String letter, String postcode,
            String city) {
        String house = number + (letter == null ? "" : " " + letter);
        out.append('{');
        Json.field(out, "type", type).append(',');
        Json.field(out, "indAfgeschermd", "Nee").append(',');
        Json.field(out, "volledigAdres", padded(street + " " + house, postcode + " " + city)).append(',');
        Json.field(out, "straatnaam", street).append(',');
        out.append("\"huisnummer\":").append(number).append(',');
        if (letter != null) {
            Json.field(out, "huisletter", letter).append(',');
        }
        Json.field(out, "postcode", postcode).append(',');
        Json.field(out, "plaats", city).append(',');
        Json.field(out, "land", "Nederland").append('}');
    }

    static void postbus(StringBuilder out, int postbus, String postcode, String city) {
        out.append('{');
        Json.field(out, "type", "correspondentieadres").append(',');
        Json.field(out, "indAfgeschermd", "Nee").append(',');
        Json.field(out, "volledigAdres", padded("Postbus " + postbus, postcode + " " + city)).append(',');
        out.append("\"postbusnummer\":").append(postbus).append(',');
        Json.field(out, "postcode", postcode).append(',');
        Json.field(out, "plaats", city).append(',');
        Json.field(out, "land", "Nederland").append('}');
    }

    /** KvK pads volledigAdres with spaces between the street part and the postcode part. */
    private static String padded(String first, String second) {
        int pad = Math.max(1, 32 - first.length());
        return first + " ".repeat(pad) + second;
    }

    static void sbi(StringBuilder out, SbiCodes.Code code, boolean primary) {
        out.append('{');
        Json.field(out, "sbiCode", code.code()).append(',');
        Json.field(out, "sbiOmschrijving", code.description()).append(',');
        Json.field(out, "indHoofdactiviteit", primary ? "Ja" : "Nee").append('}');
    }

    static String yyyymmdd(LocalDate date) {
        return Integer.toString(date.getYear() * 10_000 + date.getMonthValue() * 100 + date.getDayOfMonth());
    }
}
