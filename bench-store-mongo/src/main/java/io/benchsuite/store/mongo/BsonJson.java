package io.benchsuite.store.mongo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import org.bson.BsonArray;
import org.bson.BsonBinary;
import org.bson.BsonBoolean;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.types.Decimal128;

/**
 * Converts between Jackson trees and BSON, value for value, so a document read back prints exactly like the
 * JSON it was made from (strings stay strings, integers stay integers, doubles stay doubles).
 */
final class BsonJson {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private BsonJson() {
    }

    static BsonDocument toBson(ObjectNode json) {
        BsonDocument doc = new BsonDocument();
        for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            doc.append(e.getKey(), toBson(e.getValue()));
        }
        return doc;
    }

    static BsonValue toBson(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return BsonNull.VALUE;
        }
        if (n.isObject()) {
            return toBson((ObjectNode) n);
        }
        if (n.isArray()) {
            BsonArray a = new BsonArray();
            n.forEach(v -> a.add(toBson(v)));
            return a;
        }
        if (n.isTextual()) {
            return new BsonString(n.asText());
        }
        if (n.isBoolean()) {
            return BsonBoolean.valueOf(n.asBoolean());
        }
        if (n.isInt() || n.isShort()) {
            return new BsonInt32(n.intValue());
        }
        if (n.isLong()) {
            return new BsonInt64(n.longValue());
        }
        if (n.isBigInteger()) {
            return n.canConvertToLong() ? new BsonInt64(n.longValue()) : new BsonString(n.asText());
        }
        if (n.isBigDecimal()) {
            return new org.bson.BsonDecimal128(new Decimal128(n.decimalValue()));
        }
        if (n.isNumber()) {
            return new BsonDouble(n.doubleValue());
        }
        if (n.isBinary()) {
            try {
                return new BsonBinary(n.binaryValue());
            } catch (java.io.IOException e) {
                return new BsonString(n.asText());
            }
        }
        return new BsonString(n.asText());
    }

    /** The document as JSON, without the fields named in {@code skip}. */
    static ObjectNode object(BsonDocument doc, String... skip) {
        ObjectNode out = F.objectNode();
        outer:
        for (Map.Entry<String, BsonValue> e : doc.entrySet()) {
            for (String s : skip) {
                if (s.equals(e.getKey())) {
                    continue outer;
                }
            }
            out.set(e.getKey(), toJson(e.getValue()));
        }
        return out;
    }

    static JsonNode toJson(BsonValue v) {
        return switch (v.getBsonType()) {
            case DOCUMENT -> object(v.asDocument());
            case ARRAY -> {
                ArrayNode a = F.arrayNode();
                v.asArray().forEach(x -> a.add(toJson(x)));
                yield a;
            }
            case STRING -> F.textNode(v.asString().getValue());
            case BOOLEAN -> F.booleanNode(v.asBoolean().getValue());
            case INT32 -> F.numberNode(v.asInt32().getValue());
            case INT64 -> F.numberNode(v.asInt64().getValue());
            case DOUBLE -> F.numberNode(v.asDouble().getValue());
            case DECIMAL128 -> F.numberNode(v.asDecimal128().getValue().bigDecimalValue());
            case DATE_TIME -> F.textNode(Instant.ofEpochMilli(v.asDateTime().getValue()).toString());
            case OBJECT_ID -> F.textNode(v.asObjectId().getValue().toHexString());
            case BINARY -> F.binaryNode(v.asBinary().getData());
            case NULL, UNDEFINED -> F.nullNode();
            default -> F.textNode(v.toString());
        };
    }
}
