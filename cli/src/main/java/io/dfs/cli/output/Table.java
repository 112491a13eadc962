package io.dfs.cli.output;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table: a header row and data rows, columns separated by two spaces and padded to the
 * widest cell; right-aligned columns suit numbers. Trailing spaces are trimmed.
 */
public final class Table {
  private final List<String[]> rows = new ArrayList<>();
  private final boolean[] rightAligned;
  private final int columns;

  public Table(String... headers) {
    this.columns = headers.length;
    this.rightAligned = new boolean[columns];
    rows.add(headers.clone());
  }

  /** Right-aligns the given columns (0-based). */
  public Table alignRight(int... columnIndexes) {
    for (int c : columnIndexes) {
      rightAligned[c] = true;
    }
    return this;
  }

  public Table row(Object... cells) {
    if (cells.length != columns) {
      throw new IllegalArgumentException("row has " + cells.length + " cells, table has " + columns + " columns");
    }
    String[] row = new String[columns];
    for (int i = 0; i < columns; i++) {
      row[i] = String.valueOf(cells[i]);
    }
    rows.add(row);
    return this;
  }

  /** The table, one line per row, each ending with a newline. */
  public String render() {
    int[] widths = new int[columns];
    for (String[] row : rows) {
      for (int i = 0; i < columns; i++) {
        widths[i] = Math.max(widths[i], row[i].codePointCount(0, row[i].length()));
      }
    }
    StringBuilder out = new StringBuilder();
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < columns; i++) {
        if (i > 0) {
          line.append("  ");
        }
        String pad = " ".repeat(widths[i] - row[i].codePointCount(0, row[i].length()));
        line.append(rightAligned[i] ? pad + row[i] : row[i] + pad);
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }
}
