package dev.weir.connectors.kafka;

import dev.weir.catalog.ValidationException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Flink's spelling of offsets per partition: {@code partition:0,offset:42;partition:1,offset:300}. */
final class PartitionOffsets {
  private PartitionOffsets() {}

  /** Partition to offset; a malformed text names the option and the bad part. */
  static Map<Integer, Long> parse(String text, String optionKey) {
    Map<Integer, Long> offsets = new LinkedHashMap<>();
    for (String entry : text.split(";")) {
      if (entry.isBlank()) {
        continue;
      }
      Integer partition = null;
      Long offset = null;
      for (String pair : entry.split(",")) {
        String[] kv = pair.split(":", 2);
        try {
          if (kv.length == 2 && kv[0].trim().equals("partition")) {
            partition = Integer.parseInt(kv[1].trim());
          } else if (kv.length == 2 && kv[0].trim().equals("offset")) {
            offset = Long.parseLong(kv[1].trim());
          } else {
            throw new NumberFormatException();
          }
        } catch (NumberFormatException e) {
          partition = null;
          break;
        }
      }
      if (partition == null || offset == null || partition < 0 || offset < 0) {
        throw new ValidationException("Invalid value for option '" + optionKey + "': '" + entry.trim()
            + "' is not of the form 'partition:0,offset:42' (entries separated by ';').");
      }
      offsets.put(partition, offset);
    }
    return offsets;
  }
}
