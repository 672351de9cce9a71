using Microsoft.EntityFrameworkCore;
using PatientDocs.Persistence.Schema;

namespace PatientDocs.Orders.Storage;

/// <summary>Maps the module's tables (created by its own scripts in Migrations/, never by EF) with the engine's conventions.</summary>
public sealed class OrdersDbContext(DbContextOptions<OrdersDbContext> options) : DbContext(options)
{
    public DbSet<OrderRow> Orders => Set<OrderRow>();

    public DbSet<PaymentRow> Payments => Set<PaymentRow>();

    public DbSet<OrderEventRow> Events => Set<OrderEventRow>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UnixMillisecondsConverter>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var order = modelBuilder.Entity<OrderRow>();
        order.ToTable("orders").HasKey(o => o.OrderId);
        order.Property(o => o.OrderId).HasColumnName("order_id");
        order.Property(o => o.InstanceId).HasColumnName("instance_id");
        order.Property(o => o.CustomerId).HasColumnName("customer_id");
        order.Property(o => o.Request).HasColumnName("request");
        order.Property(o => o.Items).HasColumnName("items");
        order.Property(o => o.Amount).HasColumnName("amount");
        order.Property(o => o.PaymentToken).HasColumnName("payment_token");
        order.Property(o => o.Address).HasColumnName("address");
        order.Property(o => o.State).HasColumnName("state");
        order.Property(o => o.Approved).HasColumnName("approved");
        order.Property(o => o.ApprovalRequested).HasColumnName("approval_requested");
        order.Property(o => o.CancelRequested).HasColumnName("cancel_requested");
        order.Property(o => o.PaymentId).HasColumnName("payment_id");
        order.Property(o => o.PaymentAttempts).HasColumnName("payment_attempts");
        order.Property(o => o.ShippingInstanceId).HasColumnName("shipping_instance_id");
        order.Property(o => o.ShippingState).HasColumnName("shipping_state");
        order.Property(o => o.TrackingId).HasColumnName("tracking_id");
        order.Property(o => o.Error).HasColumnName("error");
        order.Property(o => o.CreatedAt).HasColumnName("created_at");
        order.Property(o => o.UpdatedAt).HasColumnName("updated_at");

        var payment = modelBuilder.Entity<PaymentRow>();
        payment.ToTable("payments").HasKey(p => p.PaymentId);
        payment.Property(p => p.PaymentId).HasColumnName("payment_id");
        payment.Property(p => p.OrderId).HasColumnName("order_id");
        payment.Property(p => p.Amount).HasColumnName("amount");
        payment.Property(p => p.Status).HasColumnName("status");
        payment.Property(p => p.ProviderReference).HasColumnName("provider_reference");
        payment.Property(p => p.CreatedAt).HasColumnName("created_at");
        payment.Property(p => p.UpdatedAt).HasColumnName("updated_at");

        var orderEvent = modelBuilder.Entity<OrderEventRow>();
        orderEvent.ToTable("order_events").HasKey(e => e.Id);
        orderEvent.Property(e => e.Id).HasColumnName("id");
        orderEvent.Property(e => e.OrderId).HasColumnName("order_id");
        orderEvent.Property(e => e.EventKey).HasColumnName("event_key");
        orderEvent.Property(e => e.Type).HasColumnName("type");
        orderEvent.Property(e => e.At).HasColumnName("at");
        orderEvent.Property(e => e.Detail).HasColumnName("detail");
    }
}
