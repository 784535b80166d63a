/**
 * Imports every domain's resolver registration (registerResolver calls) so the resolve job knows
 * them all. Add one import per domain module that registers a resolver.
 */
import "./resolve.server";
import "~/services/holds/resolvers.server";
import "~/services/refunds/resolve.server";
import "~/services/merchant-api/resolvers.server";
