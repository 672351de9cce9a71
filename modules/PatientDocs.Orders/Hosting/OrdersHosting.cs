using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PatientDocs.Engine;
using PatientDocs.Engine.Queues;
using PatientDocs.Orders.Endpoints;
using PatientDocs.Orders.Storage;
using PatientDocs.Orders.Stubs;
using PatientDocs.Persistence;

namespace PatientDocs.Orders.Hosting;

/// <summary>The whole module, as the host registers it: <c>builder.AddOrders()</c> and <c>app.MapOrders()</c>.</summary>
public static class OrdersHosting
{
    /// <summary>
    /// Registers the module after the host's store: its activities and workflows, its queues' defaults, options, stubs, and
    /// its tables in the server's SQL database. On the in-memory store the tables do not exist and the API answers 503.
    /// </summary>
    public static WebApplicationBuilder AddOrders(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddWorkflowActivities(registry => registry.RegisterAssembly(OrdersModule.Assembly));
        services.AddModuleWorkflows("orders", OrdersModule.Assembly);
        services.PostConfigure<TaskServicesOptions>(OrderQueueDefaults.Apply);
        services.TryAddSingleton(TimeProvider.System);

        // The contract names the section Orders; PatientDocs:Orders, the house's place for a module, is read first.
        services.AddOptions<OrdersOptions>()
            .Bind(builder.Configuration.GetSection(OrdersOptions.HostSection))
            .Bind(builder.Configuration.GetSection(OrdersOptions.Section))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<OrdersOptions>, OrdersOptionsValidator>();
        services.AddSingleton<OrderStubs>();

        if (services.Any(d => d.ServiceType == typeof(StoreOptions)))
        {
            services.AddModuleSchema("orders", OrdersModule.Assembly);
            services.AddPooledDbContextFactory<OrdersDbContext>((sp, options) => PersistenceServiceCollectionExtensions.Configure(options, sp.GetRequiredService<StoreOptions>()));
            services.AddSingleton<OrderStore>();
        }

        return builder;
    }

    /// <summary>The module's routes under <c>/api/orders</c>; the host decides who may call them.</summary>
    public static IEndpointRouteBuilder MapOrders(this IEndpointRouteBuilder endpoints)
    {
        if (endpoints.ServiceProvider.GetService<OrderStore>() is null)
        {
            const string why = "The orders module keeps its orders in SQL tables: run the server on SQLite or PostgreSQL (PatientDocs:Store:Provider).";
            endpoints.Map("/api/orders", () => OrderProblems.Unavailable(why));
            endpoints.Map("/api/orders/{**rest}", () => OrderProblems.Unavailable(why));
            return endpoints;
        }

        endpoints.MapOrdersEndpoints();
        return endpoints;
    }
}
