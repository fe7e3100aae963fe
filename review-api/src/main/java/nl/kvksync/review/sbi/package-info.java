/**
 * The SBI activity codes review-api knows (SBI 2008 and SBI 2025, copied from the shared KvK reference data):
 * which section a code belongs to (the list filter, the weekly summary) and whether a profile's include or
 * exclude prefix names any real code (profile validation).
 */
package nl.kvksync.review.sbi;
