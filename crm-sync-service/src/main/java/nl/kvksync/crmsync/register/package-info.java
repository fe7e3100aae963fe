/**
 * The KvK register as the kvk-feed-ingestor serves it ("basic module"): fetching one registration to create or
 * link an organisation, searching it for link candidates, and ranking those candidates by KvK number, name and
 * postcode with a score and the reasons for it.
 */
package nl.kvksync.crmsync.register;
