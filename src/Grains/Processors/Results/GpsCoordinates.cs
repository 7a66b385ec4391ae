namespace ImgProcess.Grains.Processors;

/// <summary>Decimal degrees; south and west negative.</summary>
public sealed record GpsCoordinates(double Latitude, double Longitude);
