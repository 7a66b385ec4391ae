using System.Globalization;
using Microsoft.Extensions.Options;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;

namespace ImgProcess.Grains.Processors;

/// <summary>
/// Camera facts from the EXIF profile: orientation, make, model, lens, capture time, exposure, aperture, ISO,
/// focal length, and whether GPS data is present. The coordinates themselves only when configured.
/// </summary>
public sealed class ExifProcessor(IOptions<ExifOptions> options) : IImageProcessor
{
    /// <inheritdoc />
    public string Name => "EXIF";

    /// <inheritdoc />
    public string Description => "Orientation, camera make/model, lens, capture time, exposure, aperture, ISO, focal length, and whether GPS data is present.";

    /// <inheritdoc />
    public string Version => "1";

    /// <inheritdoc />
    public ImageNeed Needs => ImageNeed.Header;

    /// <inheritdoc />
    public ValueTask<object?> ProcessAsync(ImageInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var profile = input.Header.Metadata.ExifProfile;
        if (profile is null)
        {
            return ValueTask.FromResult<object?>(new ExifSummary(Present: false, Orientation: 1, GpsPresent: false));
        }

        var gpsPresent = profile.GetValue(ExifTag.GPSLatitude) is not null || profile.GetValue(ExifTag.GPSLongitude) is not null;
        var summary = new ExifSummary(
            Present: true,
            Orientation: profile.GetValue(ExifTag.Orientation)?.Value ?? 1,
            GpsPresent: gpsPresent)
        {
            Make = Text(profile.GetValue(ExifTag.Make)?.Value),
            Model = Text(profile.GetValue(ExifTag.Model)?.Value),
            Lens = Text(profile.GetValue(ExifTag.LensModel)?.Value),
            Software = Text(profile.GetValue(ExifTag.Software)?.Value),
            CapturedAt = CaptureTime(profile.GetValue(ExifTag.DateTimeOriginal)?.Value ?? profile.GetValue(ExifTag.DateTime)?.Value),
            ExposureTime = Seconds(profile.GetValue(ExifTag.ExposureTime)?.Value),
            FNumber = Number(profile.GetValue(ExifTag.FNumber)?.Value),
            Iso = profile.GetValue(ExifTag.ISOSpeedRatings)?.Value is { Length: > 0 } iso ? iso[0] : null,
            FocalLengthMm = Number(profile.GetValue(ExifTag.FocalLength)?.Value),
            Gps = options.Value.IncludeGpsCoordinates && gpsPresent ? Coordinates(profile) : null,
        };
        return ValueTask.FromResult<object?>(summary);
    }

    private static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim().TrimEnd('\0');

    private static double? Number(Rational? value) => value is { Denominator: > 0 } r ? Math.Round(r.ToDouble(), 4) : null;

    // Exposure reads best as a fraction of a second ("1/250"); long exposures as seconds ("2.5").
    private static string? Seconds(Rational? value)
    {
        if (value is not { Denominator: > 0 } r)
        {
            return null;
        }

        var seconds = r.ToDouble();
        return seconds is > 0 and < 1
            ? string.Create(CultureInfo.InvariantCulture, $"1/{Math.Round(1 / seconds)}")
            : seconds.ToString("0.###", CultureInfo.InvariantCulture);
    }

    // EXIF writes local time as "yyyy:MM:dd HH:mm:ss" without a zone; keep it local, in ISO 8601 form.
    // Some writers append a zone or sub-seconds: the first 19 characters are the standard part.
    private static string? CaptureTime(string? value)
    {
        var text = Text(value);
        return text is { Length: >= 19 }
            && DateTime.TryParseExact(text[..19], "yyyy:MM:dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture)
            : null;
    }

    private static GpsCoordinates? Coordinates(ExifProfile profile)
    {
        var latitude = Degrees(profile.GetValue(ExifTag.GPSLatitude)?.Value, profile.GetValue(ExifTag.GPSLatitudeRef)?.Value, "S");
        var longitude = Degrees(profile.GetValue(ExifTag.GPSLongitude)?.Value, profile.GetValue(ExifTag.GPSLongitudeRef)?.Value, "W");
        return latitude is null || longitude is null ? null : new GpsCoordinates(latitude.Value, longitude.Value);
    }

    private static double? Degrees(Rational[]? dms, string? reference, string negative)
    {
        if (dms is not { Length: 3 } || dms.Any(r => r.Denominator == 0))
        {
            return null;
        }

        var degrees = dms[0].ToDouble() + (dms[1].ToDouble() / 60) + (dms[2].ToDouble() / 3600);
        return Math.Round(string.Equals(reference?.Trim(), negative, StringComparison.OrdinalIgnoreCase) ? -degrees : degrees, 6);
    }
}
