package nl.kvksync.contracts;

import java.util.List;

/**
 * The JWT claims every service reads: {@value #ROLES} (kvk-admin, kvk-viewer, crm-user) and {@value #ENVIRONMENTS}
 * (the tenants the token may touch; {@value #ALL_ENVIRONMENTS} for all).
 */
public final class AccessClaims {

    public static final String ROLES = "roles";
    public static final String ENVIRONMENTS = "environments";
    public static final String ALL_ENVIRONMENTS = "*";

    public static final String KVK_ADMIN = "kvk-admin";
    public static final String KVK_VIEWER = "kvk-viewer";
    public static final String CRM_USER = "crm-user";

    private AccessClaims() {
    }

    public static boolean allowsEnvironment(List<String> environments, String environmentId) {
        return environments != null && environmentId != null
                && (environments.contains(ALL_ENVIRONMENTS) || environments.contains(environmentId));
    }
}
