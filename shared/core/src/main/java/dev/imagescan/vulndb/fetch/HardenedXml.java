package dev.imagescan.vulndb.fetch;

import java.io.InputStream;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.util.StreamReaderDelegate;

/**
 * The one way the advisory feeds' XML (Oracle's ELSA OVAL, yum's {@code repomd.xml} and {@code updateinfo.xml}) is
 * read: the JDK's own StAX parser (never another found on the class path), with no DTD at all — a document that
 * declares one ({@code <!DOCTYPE …>}) is refused at it, before any entity could be declared, expanded or fetched,
 * so external entities and "billion laughs" never get a chance — and the JDK's processing limits set tight: element
 * depth {@value #MAX_DEPTH}, {@value #MAX_ATTRIBUTES} attributes per element, names of at most {@value #MAX_NAME}
 * characters; an element's text read whole is at most {@value #MAX_TEXT} characters. None of these feeds has a DTD
 * (so only XML's five predefined entities and character references can appear: nothing to expand), and their
 * deepest nesting (OVAL criteria) is a dozen levels. A document that breaks a rule, or is not well-formed,
 * is a {@link FeedFormatException} with a one-line message naming the document and the line ({@link #failure}).
 */
public final class HardenedXml {
    static final int MAX_DEPTH = 100;
    static final int MAX_ATTRIBUTES = 64;
    static final int MAX_NAME = 256;
    static final int MAX_TEXT = 16 << 20;
    private static final XMLInputFactory FACTORY = factory();

    private HardenedXml() {}

    private static XMLInputFactory factory() {
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty("jdk.xml.maxElementDepth", String.valueOf(MAX_DEPTH));
        f.setProperty("jdk.xml.elementAttributeLimit", String.valueOf(MAX_ATTRIBUTES));
        f.setProperty("jdk.xml.maxXMLNameLimit", String.valueOf(MAX_NAME));
        return f;
    }

    /**
     * A reader of {@code in} (not closed by it) under the rules above.
     *
     * @throws FeedFormatException when the document cannot even be started
     */
    public static XMLStreamReader reader(InputStream in, String name) {
        XMLStreamReader x;
        try {
            synchronized (FACTORY) {
                x = FACTORY.createXMLStreamReader(in);
            }
        } catch (XMLStreamException e) {
            throw failure(name, e);
        }
        return new Guarded(x);
    }

    /**
     * The one-line error for {@code e} out of a reader of document {@code name}: the rule broken and the line
     * ({@code updateinfo.xml: a DTD (<!DOCTYPE …>) is refused: … at line 1}), or {@code not well-formed XML at line
     * N:} and what the parser said.
     */
    public static FeedFormatException failure(String name, XMLStreamException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int at = message.indexOf("Message: ");
        if (message.startsWith("ParseError at ") && at >= 0) {
            message = message.substring(at + "Message: ".length());
        }
        message = message.replaceAll("\\s+", " ").strip();
        String line = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNumber();
        return new FeedFormatException(name + ": " + (e instanceof Refused ? message + line
                : "not well-formed XML" + line + ": " + message), e);
    }

    /** A rule of this class broken (rather than XML's). */
    private static final class Refused extends XMLStreamException {
        Refused(String message, Location location) {
            super(message, location);
        }
    }

    /** The parser's reader, refusing a DTD where it appears and capping an element's text. */
    private static final class Guarded extends StreamReaderDelegate {
        Guarded(XMLStreamReader reader) {
            super(reader);
        }

        @Override
        public int next() throws XMLStreamException {
            return checked(super.next());
        }

        @Override
        public int nextTag() throws XMLStreamException {
            int event;
            do {
                event = next();
            } while (event == XMLStreamConstants.SPACE || event == XMLStreamConstants.COMMENT
                    || event == XMLStreamConstants.PROCESSING_INSTRUCTION
                    || event == XMLStreamConstants.CHARACTERS && isWhiteSpace());
            if (event != XMLStreamConstants.START_ELEMENT && event != XMLStreamConstants.END_ELEMENT) {
                throw new XMLStreamException("expected a start or end tag", getLocation());
            }
            return event;
        }

        private int checked(int event) throws XMLStreamException {
            if (event == XMLStreamConstants.DTD) {
                throw new Refused("a DTD (<!DOCTYPE …>) is refused: these feeds have none, and no entity of one is"
                        + " ever declared, expanded or fetched", getLocation());
            }
            return event;
        }

        /** The text of the element just started, as {@link XMLStreamReader#getElementText()}, at most MAX_TEXT. */
        @Override
        public String getElementText() throws XMLStreamException {
            if (getEventType() != XMLStreamConstants.START_ELEMENT) {
                throw new XMLStreamException("element text read where no element starts", getLocation());
            }
            StringBuilder text = new StringBuilder();
            for (int event = next(); event != XMLStreamConstants.END_ELEMENT; event = next()) {
                switch (event) {
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE,
                            XMLStreamConstants.ENTITY_REFERENCE -> {
                        String part = getText();
                        if (text.length() + part.length() > MAX_TEXT) {
                            throw new Refused("an element's text is longer than " + MAX_TEXT + " characters",
                                    getLocation());
                        }
                        text.append(part);
                    }
                    case XMLStreamConstants.COMMENT, XMLStreamConstants.PROCESSING_INSTRUCTION -> { }
                    case XMLStreamConstants.END_DOCUMENT ->
                            throw new XMLStreamException("the document ends inside an element", getLocation());
                    default -> throw new XMLStreamException("an element inside what should be text",
                            getLocation());
                }
            }
            return text.toString();
        }
    }
}
