package dev.imagescan.functions.api;

import dev.imagescan.functions.common.FunctionContext;
import dev.imagescan.registry.RegistryAllowList;
import dev.imagescan.service.PolicyService;
import dev.imagescan.service.VerdictService;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

/** The API's routes over one deployment's stores: the table of what the handler serves. */
public final class Api {
    private Api() {}

    /**
     * Every route.
     *
     * @param context  the bucket, table, scan queue and policy documents (the policy is read on every request
     *                 that needs it: no cache)
     * @param reports  reads a stored JSON report back
     * @param limit    the largest response body
     * @param links    presigned URLs of report objects, for the reports served by redirect
     */
    public static Router routes(FunctionContext context, ReportLoader reports, ResponseLimit limit,
            PresignedLinks links, Clock clock) {
        return routes(context, reports, limit, links, clock, RegistryAllowList.parse(""),
                AdmissionSettings.defaults());
    }

    /** Every route, with images scanned on request from the registries {@code registries} allows. */
    public static Router routes(FunctionContext context, ReportLoader reports, ResponseLimit limit,
            PresignedLinks links, Clock clock, RegistryAllowList registries) {
        return routes(context, reports, limit, links, clock, registries, AdmissionSettings.defaults());
    }

    /** Every route, the admission webhook's with {@code admission}. */
    public static Router routes(FunctionContext context, ReportLoader reports, ResponseLimit limit,
            PresignedLinks links, Clock clock, AdmissionSettings admission) {
        return routes(context, reports, limit, links, clock, RegistryAllowList.parse(""), admission);
    }

    /**
     * Every route: images scanned on request from the registries {@code registries} allows, the admission webhook's
     * with {@code admission}.
     */
    public static Router routes(FunctionContext context, ReportLoader reports, ResponseLimit limit,
            PresignedLinks links, Clock clock, RegistryAllowList registries, AdmissionSettings admission) {
        Router router = new Router();
        LatestResults results = new LatestResults(context.store(), context.table(), reports);
        PolicyService policy = new PolicyService(context.policies(), Duration.ZERO, clock);
        new ScanRoutes(context.store(), context.table(), context.queue(), () -> UUID.randomUUID().toString(),
                registries).register(router);
        new ImageRoutes(context.table()).register(router);
        new ReportRoute(context.store(), results, limit, links).register(router);
        new VerdictRoute(results, new VerdictService(context.store(), context.table().images(), policy, clock))
                .register(router);
        new PolicyRoutes(policy, context.policies()).register(router);
        new AdmissionRoute(context.store(), context.table(), context.queue(), admission, clock).register(router);
        return router;
    }
}
