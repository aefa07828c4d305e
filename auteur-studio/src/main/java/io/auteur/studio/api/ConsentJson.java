package io.auteur.studio.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.auteur.studio.consent.Asset;
import io.auteur.studio.consent.ConsentRecord;
import io.auteur.studio.consent.Contributor;
import io.auteur.studio.consent.TrainedModel;
import io.auteur.studio.ledger.Statement;
import java.time.Instant;
import java.util.List;

/** The consent registry's records and a contributor's ledger statement as the API writes them. */
final class ConsentJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ConsentJson() {}

    static ObjectNode contributor(Contributor contributor) {
        ObjectNode json = JSON.createObjectNode();
        json.put("id", contributor.id());
        json.put("name", contributor.name());
        json.put("payoutReference", contributor.payoutReference().orElse(null));
        json.put("createdAt", contributor.createdAt().toString());
        json.put("url", "/v1/contributors/" + contributor.id());
        return json;
    }

    /** An asset with every consent record it has had, oldest first. */
    static ObjectNode asset(Asset asset, List<ConsentRecord> consents) {
        ObjectNode json = JSON.createObjectNode();
        json.put("sha256", asset.sha256());
        json.put("contributor", asset.contributorId());
        json.put("fileName", asset.fileName());
        json.put("format", asset.format());
        json.put("width", asset.width());
        json.put("height", asset.height());
        json.put("fps", asset.fps());
        json.put("durationSeconds", asset.durationSeconds());
        json.put("licence", asset.licence());
        json.put("c2paTrainingMining", asset.c2paTrainingMining().orElse(null));
        json.put("registeredAt", asset.registeredAt().toString());
        json.put("url", "/v1/assets/" + asset.sha256());
        json.set("consents", consents(consents));
        return json;
    }

    static ArrayNode consents(List<ConsentRecord> records) {
        ArrayNode array = JSON.createArrayNode();
        for (ConsentRecord record : records) {
            ObjectNode json = array.addObject();
            json.put("id", record.id());
            json.put("scope", record.scope().label());
            json.put("active", record.active());
            json.put("grantedAt", record.grantedAt().toString());
            json.put("revokedAt", record.revokedAt().map(Instant::toString).orElse(null));
            json.put("revocationReason", record.revocationReason().orElse(null));
        }
        return array;
    }

    /** Models, with the folder they were written to: the studio needs it to find the one to retrain. */
    static ArrayNode models(List<TrainedModel> models) {
        ArrayNode array = JSON.createArrayNode();
        for (TrainedModel model : models) {
            ObjectNode json = array.addObject();
            json.put("id", model.id());
            json.put("name", model.name());
            json.put("directory", model.directory().toString());
            json.put("datasetManifestSha256", model.datasetManifestSha256());
            json.put("datasetKind", model.datasetKind());
            json.put("trainedAt", model.trainedAt().toString());
            json.put("consentRecords", model.consentRecords());
            json.put("needsRetraining", model.needsRetraining());
            json.put("retrainingReason", model.retrainingReason().orElse(null));
        }
        return array;
    }

    /** Every posting to the contributor's account with the running balance; amounts in integer minor units. */
    static ObjectNode statement(Contributor contributor, Statement statement) {
        ObjectNode json = JSON.createObjectNode();
        json.set("contributor", contributor(contributor));
        json.put("account", statement.accountId());
        ArrayNode lines = json.putArray("lines");
        for (Statement.Line line : statement.lines()) {
            ObjectNode node = lines.addObject();
            node.put("postedAt", line.postedAt().toString());
            node.put("generationId", line.generationId());
            node.put("model", line.model());
            node.put("datasetManifestSha256", line.datasetManifestSha256());
            node.put("amountMinor", line.amountMinor());
            node.put("currency", line.currency());
            node.put("balanceMinor", line.balanceMinor());
        }
        ObjectNode totals = json.putObject("totalsMinor");
        statement.totals().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                .forEach(total -> totals.put(total.getKey(), total.getValue()));
        return json;
    }
}
