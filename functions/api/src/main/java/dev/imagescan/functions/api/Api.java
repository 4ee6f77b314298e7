package dev.imagescan.functions.api;

import dev.imagescan.functions.common.FunctionContext;
import dev.imagescan.store.PolicyStore;
import java.time.Clock;

/** The API's routes over one deployment's stores: the table of what the handler serves. */
public final class Api {
    private Api() {}

    /**
     * Every route.
     *
     * @param context  the bucket, table and scan queue
     * @param policies the policy documents
     * @param reports  reads a stored JSON report back
     * @param limit    the largest response body
     */
    public static Router routes(FunctionContext context, PolicyStore policies, ReportLoader reports,
            ResponseLimit limit, Clock clock) {
        Router router = new Router();
        LatestResults results = new LatestResults(context.store(), context.table(), reports);
        Policies policy = new Policies(policies);
        new ScanRoutes(context.store(), context.table(), context.queue()).register(router);
        new ImageRoutes(context.table()).register(router);
        new ReportRoute(context.store(), context.settings().bucket(), results, limit).register(router);
        new VerdictRoute(results, policy, clock).register(router);
        new PolicyRoutes(policy).register(router);
        return router;
    }
}
