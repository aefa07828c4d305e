package io.auteur.provenance.c2pa;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a manifest says about an asset. The hard binding (hash of the file) is added when signing.
 *
 * @param title          dc:title of the asset
 * @param actions        what was done, in order; the first must be c2pa.created or c2pa.opened
 * @param ingredients    inputs; at most one parentOf
 * @param softBinding    the watermark payload, when the asset carries one
 * @param trainingMining the training and mining permissions
 */
public record ManifestDefinition(String title, List<Action> actions, List<Ingredient> ingredients,
                                 Optional<SoftBinding> softBinding, TrainingMining trainingMining) {
    public ManifestDefinition {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(softBinding, "softBinding");
        Objects.requireNonNull(trainingMining, "trainingMining");
        actions = List.copyOf(actions);
        ingredients = List.copyOf(ingredients);
        if (actions.isEmpty()) {
            throw new IllegalArgumentException("a manifest needs at least one action (c2pa.created or c2pa.opened)");
        }
        String first = actions.getFirst().action();
        if (!first.equals("c2pa.created") && !first.equals("c2pa.opened")) {
            throw new IllegalArgumentException("the first action must be c2pa.created or c2pa.opened, was " + first);
        }
        long parents = ingredients.stream().filter(i -> i.relationship() == Relationship.PARENT_OF).count();
        if (parents > 1) {
            throw new IllegalArgumentException("a manifest has at most one parentOf ingredient, found " + parents);
        }
        if (first.equals("c2pa.opened") && parents != 1) {
            throw new IllegalArgumentException("a c2pa.opened action needs a parentOf ingredient");
        }
        for (Action action : actions) {
            for (int index : action.ingredients()) {
                if (index < 0 || index >= ingredients.size()) {
                    throw new IllegalArgumentException("action " + action.action() + " refers to ingredient "
                            + index + " but there are " + ingredients.size());
                }
            }
        }
    }

    /** A generated asset: c2pa.created by the model, no ingredients, training and mining not allowed. */
    public static ManifestDefinition generated(String title, String modelId, String modelVersion) {
        return new ManifestDefinition(title,
                List.of(Action.created(DigitalSourceType.TRAINED_ALGORITHMIC_MEDIA, modelId, modelVersion)),
                List.of(), Optional.empty(), TrainingMining.notAllowed());
    }

    /**
     * An edit of an existing file by a model: it becomes the parentOf ingredient (with its manifest if it has one),
     * opened and then edited with compositeWithTrainedAlgorithmicMedia.
     */
    public static ManifestDefinition editOf(String title, Ingredient parent, String modelId, String modelVersion) {
        Ingredient asParent = new Ingredient(parent.file(), Relationship.PARENT_OF, parent.title());
        return new ManifestDefinition(title,
                List.of(Action.opened(0),
                        Action.editedBy(DigitalSourceType.COMPOSITE_WITH_TRAINED_ALGORITHMIC_MEDIA, modelId, modelVersion)),
                List.of(asParent), Optional.empty(), TrainingMining.notAllowed());
    }

    public ManifestDefinition withIngredient(Ingredient ingredient) {
        List<Ingredient> more = new ArrayList<>(ingredients);
        more.add(ingredient);
        return new ManifestDefinition(title, actions, more, softBinding, trainingMining);
    }

    public ManifestDefinition withAction(Action action) {
        List<Action> more = new ArrayList<>(actions);
        more.add(action);
        return new ManifestDefinition(title, more, ingredients, softBinding, trainingMining);
    }

    public ManifestDefinition withSoftBinding(SoftBinding binding) {
        return new ManifestDefinition(title, actions, ingredients, Optional.of(binding), trainingMining);
    }

    public ManifestDefinition withTrainingMining(TrainingMining permissions) {
        return new ManifestDefinition(title, actions, ingredients, softBinding, permissions);
    }
}
