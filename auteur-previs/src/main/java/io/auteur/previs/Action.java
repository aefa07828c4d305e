package io.auteur.previs;

/** What the humanoid actor does. Walk and run travel along the actor's heading with foot contact. */
public enum Action {
    STAND, WALK, RUN, WAVE, JUMP, SIT, TURN
}
