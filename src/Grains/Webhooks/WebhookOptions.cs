using System.ComponentModel.DataAnnotations;

namespace ImgProcess.Grains.Webhooks;

/// <summary>
/// Where to tell that an upload's work is done (<c>ImgProcess:Webhooks</c>). Receivers come only from configuration,
/// never from a request, so no client can make the service call an address of its choosing.
/// </summary>
public sealed class WebhookOptions : IValidatableObject
{
    /// <summary>The configuration section this class binds to.</summary>
    public const string SectionName = "ImgProcess:Webhooks";

    /// <summary>One receiver's absolute http(s) URL (with <see cref="Urls"/>, all of them get each delivery).</summary>
    public string? Url { get; set; }

    /// <summary>More receivers.</summary>
    public IList<string> Urls { get; set; } = [];

    /// <summary>The key of the HMAC-SHA256 signature in <c>ImgProcess-Signature</c>; required when a receiver is set.</summary>
    public string? Secret { get; set; }

    /// <summary>How long one POST may take (default 10 s).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Every receiver: <see cref="Url"/> then <see cref="Urls"/>.</summary>
    public IReadOnlyList<Uri> Receivers => [.. new[] { Url }.Concat(Urls).Where(u => !string.IsNullOrWhiteSpace(u)).Select(u => new Uri(u!, UriKind.Absolute))];

    /// <summary>True when at least one receiver is configured.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Url) || Urls.Any(u => !string.IsNullOrWhiteSpace(u));

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var url in new[] { Url }.Concat(Urls).Where(u => !string.IsNullOrWhiteSpace(u)))
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                yield return new ValidationResult($"Webhook URL '{url}' is not an absolute http(s) URL.", [nameof(Urls)]);
            }
        }

        if (Enabled && string.IsNullOrEmpty(Secret))
        {
            yield return new ValidationResult("A webhook receiver is set but no Secret to sign its deliveries with.", [nameof(Secret)]);
        }
    }
}
