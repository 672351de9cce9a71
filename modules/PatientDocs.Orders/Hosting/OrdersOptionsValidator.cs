using Microsoft.Extensions.Options;

namespace PatientDocs.Orders.Hosting;

/// <summary>Stops the server at start with a message naming every invalid key.</summary>
public sealed class OrdersOptionsValidator : IValidateOptions<OrdersOptions>
{
    public ValidateOptionsResult Validate(string? name, OrdersOptions options)
    {
        var errors = options.Validate().ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
