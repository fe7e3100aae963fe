package nl.kvksync.crmsync.platform;

/**
 * The method-security expressions of the API. {@code kvk-admin} manages environments and modules, creates from KvK
 * and links; {@code crm-user} creates by hand and edits organisations; {@code kvk-viewer} (and the other two) read.
 */
public final class Roles {

    public static final String READ = "hasAnyRole('kvk-admin','kvk-viewer','crm-user')";
    public static final String ADMIN = "hasRole('kvk-admin')";
    public static final String EDIT = "hasRole('crm-user')";

    private Roles() {
    }
}
