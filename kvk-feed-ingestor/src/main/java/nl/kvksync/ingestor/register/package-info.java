/**
 * The register search of the basic module: find registrations in the replica by kvkNummer, vestigingsnummer, name
 * words and postcode, paged, and read one registration as JSON (Avro field names). crm-sync calls it with the user's
 * token to create an organisation from a registration. Not tenant-scoped: the register is public data.
 */
package nl.kvksync.ingestor.register;
