using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace ImgProcess.Grains.Hosting;

/// <summary>Options read while services are registered (to decide what to register), checked as the options pipeline checks them later.</summary>
public static class ValidatedConfiguration
{
    /// <summary>
    /// Binds <paramref name="sectionName"/> to a new <typeparamref name="T"/> and checks its data annotations; throws
    /// <see cref="OptionsValidationException"/> naming each bad setting, so a wrong value fails the start with the
    /// same message whether it is read here or through <c>IOptions</c>.
    /// </summary>
    public static T GetValidated<T>(this IConfiguration configuration, string sectionName)
        where T : class, new()
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var value = configuration.GetSection(sectionName).Get<T>() ?? new T();
        var failures = new List<ValidationResult>();
        if (!Validator.TryValidateObject(value, new ValidationContext(value), failures, validateAllProperties: true))
        {
            throw new OptionsValidationException(sectionName, typeof(T), [.. failures.Select(f => $"{sectionName}: {f.ErrorMessage}")]);
        }

        return value;
    }
}
