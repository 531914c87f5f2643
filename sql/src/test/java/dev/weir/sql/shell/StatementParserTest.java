package dev.weir.sql.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jline.reader.Parser.ParseContext;
import org.junit.jupiter.api.Test;

/** The shell asks for more lines until a statement ends with ';' outside quotes and comments. */
class StatementParserTest {
  @Test
  void aStatementEndsAtASemicolonOutsideQuotesAndComments() {
    assertTrue(InteractiveShell.StatementParser.isComplete("SELECT 1;"));
    assertTrue(InteractiveShell.StatementParser.isComplete("SELECT\n  1 ;  "));
    assertTrue(InteractiveShell.StatementParser.isComplete("SELECT ';' AS semi;"));
    assertTrue(InteractiveShell.StatementParser.isComplete("SELECT 1; -- done"));
    assertTrue(InteractiveShell.StatementParser.isComplete("quit"));
    assertTrue(InteractiveShell.StatementParser.isComplete("HELP"));
    assertTrue(InteractiveShell.StatementParser.isComplete(""));
    assertFalse(InteractiveShell.StatementParser.isComplete("SELECT 1"));
    assertFalse(InteractiveShell.StatementParser.isComplete("SELECT ';"));
    assertFalse(InteractiveShell.StatementParser.isComplete("SELECT 1 -- ;"));
    assertFalse(InteractiveShell.StatementParser.isComplete("SELECT 1 /* ; */"));
    assertFalse(InteractiveShell.StatementParser.isComplete("SELECT `a;"));
  }

  @Test
  void aBackslashIsAnOrdinaryCharacter() {
    InteractiveShell.StatementParser parser = new InteractiveShell.StatementParser();
    String line = "SELECT REGEXP_EXTRACT(s, 'k=(\\w+)', 1) FROM t;";
    assertFalse(parser.isEscapeChar(line, line.indexOf('\\')), "JLine would drop it");
    assertEquals(line, parser.parse(line, line.length(), ParseContext.ACCEPT_LINE).line());
  }
}
