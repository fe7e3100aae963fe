/**
 * Import profiles as the matcher understands them: validation of a profile ({@link ProfileValidator}), a profile
 * compiled for fast checks ({@link CompiledProfile}), the facts of a registration a profile looks at
 * ({@link RegistrationFacts}), the SBI dictionary with sections ({@link SbiCodes}), and the book of every
 * environment's profiles with the bitset matcher the routing uses for new registrations ({@link ProfileBook},
 * {@link RoutingMatcher}).
 */
package nl.kvksync.matcher.profile;
