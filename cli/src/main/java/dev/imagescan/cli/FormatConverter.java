package dev.imagescan.cli;

import dev.imagescan.report.ReportFormat;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --format}: table, json or cyclonedx, any case. */
final class FormatConverter implements ITypeConverter<ReportFormat> {
    @Override
    public ReportFormat convert(String value) {
        try {
            return ReportFormat.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException("unknown format '" + value + "'; choose one of "
                    + Arrays.stream(ReportFormat.values()).map(ReportFormat::toString).collect(Collectors.joining(", ")));
        }
    }
}
