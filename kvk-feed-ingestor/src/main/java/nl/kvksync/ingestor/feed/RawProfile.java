package nl.kvksync.ingestor.feed;

import java.util.ArrayList;
import java.util.List;

/**
 * A feed line or KvK API response as read, before validation: the fields of a Vestigingsprofiel, a Basisprofiel
 * (with {@code _embedded.hoofdvestiging} and {@code _embedded.eigenaar}), a Zoeken result item, and the feed's own
 * {@code mutatie} header and {@code telefoonnummer}. Values are kept as the feed spells them; {@code path} is the
 * JSON path prefix used to name fields in rejections.
 */
final class RawProfile {

    final String path;

    // the feed's mutation header
    boolean hasMutatie;
    String soort;
    String datumIngang;
    String redenEinde;

    String kvkNummer;
    String vestigingsnummer;
    String rsin;
    String naam;
    String statutaireNaam;
    String eersteHandelsnaam;
    String formeleRegistratiedatum;
    String datumAanvang;
    String datumEinde;
    String indHoofdvestiging;
    String rechtsvorm;
    String uitgebreideRechtsvorm;
    String telefoonnummer;
    String type;
    String actief;
    Integer totaalWerkzamePersonen;
    List<Handelsnaam> handelsnamen;
    List<String> websites;
    List<Address> adressen;
    List<Sbi> sbiActiviteiten;
    /** KvK error items ({@code fout: [{code, omschrijving}]}): the source could not deliver this record. */
    List<String> fout;
    RawProfile hoofdvestiging;
    RawProfile eigenaar;

    RawProfile(String path) {
        this.path = path;
    }

    String field(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    record Handelsnaam(String naam, int volgorde) {
    }

    record Sbi(String path, String code, String omschrijving, String indHoofdactiviteit) {
    }

    static final class Address {
        final String path;
        String type;
        String indAfgeschermd;
        String straatnaam;
        Integer huisnummer;
        String huisletter;
        String huisnummerToevoeging;
        String toevoegingAdres;
        String postcode;
        Integer postbusnummer;
        String plaats;
        String straatHuisnummer;
        String postcodeWoonplaats;
        String regio;
        String land;
        boolean foreign;

        Address(String path) {
            this.path = path;
        }

        String field(String name) {
            return path + "." + name;
        }
    }

    static <T> List<T> add(List<T> list, T item) {
        List<T> l = list == null ? new ArrayList<>(4) : list;
        l.add(item);
        return l;
    }
}
