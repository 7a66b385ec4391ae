namespace ImgProcess.Grains.Imaging;

/// <summary>What a native decoder made of a file.</summary>
public enum NativeOutcome
{
    /// <summary>Every pixel decoded.</summary>
    Decoded,

    /// <summary>Not a file this decoder takes (a layout it does not convert): another decoder reads it.</summary>
    Declined,

    /// <summary>The compressed data is damaged or ends early: the file is refused, never handed to a decoder that pads.</summary>
    Damaged,
}
