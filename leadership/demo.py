"""Demo leadership development (invented), on top of the people seeder's people: their stages, moves,
trainings, milestones, criteria, an overdue mentorship, waiting suggestions and gone-quiet flags."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from coalition.demo import fill_spanish
from coalition.models import User
from leadership.models import (
    AdvancementSuggestion,
    Mentorship,
    Milestone,
    MilestoneKind,
    Stage,
    StageCriterion,
    StageCriterionTraining,
    StageMove,
    Training,
    TrainingCompletion,
)
from leadership.reference import load_default_stages, load_default_trainings
from leadership.services import quiet_flags_update
from members.demo import first_or_create
from members.models import Person

# Ladder stage by order (1 Contact ... 6 Organizer): every stage has someone.
STAGES = {"Dolores Reyes": 5, "Marcus Bell": 3, "Andre Whitfield": 4, "Yesenia Castillo": 2, "Terrence Mayfield": 1,
          "Gloria Nwosu": 6, "Ramón Aguilar": 1, "Keisha Porter": 2, "Wendell Harlan": 3, "Imani Brooks": 4,
          "Travis Kettering": 2, "Rosa Delgado": 1, "Eddie": 1, "Harold Simms": 2}
# The default ladder and catalogue in Spanish, by English name: (name, description).
SPANISH_STAGES = {
    "Contact": ("Contacto", "Alguien a quien conocimos."),
    "Member": ("Miembro", "Se unió y quiere seguir en contacto."),
    "Active": ("Activo", "Viene a reuniones y eventos."),
    "Emerging leader": ("Líder emergente", "Asume roles: recluta, habla en público, capacita."),
    "Leader": ("Líder", "Dirige reuniones, testifica, es mentor de otras personas."),
    "Organizer": ("Organizador", "Organiza a otras personas en una región o campaña."),
}
SPANISH_TRAININGS = {
    "Know Your Rights": ("Conozca sus derechos",
                         "Sus derechos ante la policía, los caseros, los empleadores y la supervisión."),
    "Legislative Advocacy 101": ("Introducción a la abogacía legislativa",
                                 "Cómo se hace una ley en Illinois y cómo hablar con un legislador."),
    "Storytelling for Media": ("Contar su historia a los medios",
                               "Contar su historia de forma segura y bien, en sus propios términos."),
    "Community Organizing Fundamentals": ("Fundamentos de la organización comunitaria",
                                          "Reuniones uno a uno, interés propio, mapa de poder y la petición."),
    "Springfield experiential learning": ("Aprendizaje en Springfield",
                                          "Un día en el Capitolio: audiencias de comité, visitas de cabildeo, "
                                          "formularios de testigo."),
    "Facilitating a Meeting": ("Facilitar una reunión",
                               "Agendas, control del tiempo, dar espacio a cada voz."),
}

# (person, stage order, days since last contact)
LADDER = [
    ("Terrence Mayfield", 1, 5), ("Ramón Aguilar", 2, 3), ("Dolores Reyes", 3, 2), ("Yesenia Castillo", 3, 4),
    ("Andre Whitfield", 4, 40), ("Marcus Bell", 5, 1), ("Gloria Nwosu", 6, 2), ("Keisha Porter", 2, 8),
    ("Darnell Fuller", 3, 12), ("Wendell Harlan", 4, 3), ("Imani Brooks", 5, 45), ("Travis Kettering", 1, 9),
]


def seed(*, people: dict[str, Person], **_: Any) -> dict[str, Any]:
    """The ladder of the people seeder's people (it runs first). Idempotent."""
    load_default_stages()
    fill_spanish(Stage, "name", {english: {"name": name, "description": description}
                                 for english, (name, description) in SPANISH_STAGES.items()})
    stages = {stage.order: stage for stage in Stage.objects.all()}
    for name, order in STAGES.items():
        Person.objects.filter(pk=people[name].pk, stage__isnull=True).update(stage=stages.get(order))
    organizer = User.objects.filter(email="chicago.organizer@demo.coalition.test").first()
    seed_leadership(people, organizer)
    return {}


def seed_leadership(people: dict[str, Person], organizer: User | None) -> None:
    """Stages, moves, trainings, milestones, criteria, an overdue mentorship, waiting suggestions, quiet flags."""
    load_default_trainings()
    fill_spanish(Training, "name", {english: {"name": name, "description": description}
                                    for english, (name, description) in SPANISH_TRAININGS.items()})
    stages = {s.order: s for s in Stage.objects.all()}
    trainings = {t.name: t for t in Training.objects.all()}
    now = timezone.now()
    today = timezone.localdate()
    for name, order, days in LADDER:
        person = people[name]
        if person.stage_id is None:
            Person.objects.filter(pk=person.pk).update(stage=stages[order], last_contact_at=now - datetime.timedelta(
                days=days))
            if order > 1:
                StageMove.objects.create(person=person, from_stage=stages[order - 1], to_stage=stages[order],
                                         moved_by=organizer, reason="Demo: took on a new role.",
                                         at=now - datetime.timedelta(days=min(days, today.day - 1)))
            person.refresh_from_db()
    for stage_order, training, kind in ((4, "Know Your Rights", MilestoneKind.SPOKE),
                                        (5, "Legislative Advocacy 101", MilestoneKind.TESTIFIED)):
        criterion, _created = StageCriterion.objects.get_or_create(stage=stages[stage_order],
                                                                   defaults={"milestone_kinds": [kind]})
        StageCriterionTraining.objects.get_or_create(criterion=criterion, training=trainings[training])
    for name, training in (("Dolores Reyes", "Know Your Rights"), ("Andre Whitfield", "Know Your Rights"),
                           ("Andre Whitfield", "Storytelling for Media"), ("Marcus Bell", "Legislative Advocacy 101"),
                           ("Yesenia Castillo", "Know Your Rights")):
        TrainingCompletion.objects.get_or_create(person=people[name], training=trainings[training],
                                                 defaults={"completed_on": today - datetime.timedelta(days=30)})
    for name, kind in (("Andre Whitfield", MilestoneKind.SPOKE), ("Marcus Bell", MilestoneKind.TESTIFIED),
                       ("Yesenia Castillo", MilestoneKind.SPOKE), ("Dolores Reyes", MilestoneKind.LED_MEETING)):
        first_or_create(Milestone, person=people[name], kind=kind, source_type=None,
                        defaults={"happened_on": today - datetime.timedelta(days=20), "recorded_by": organizer})
    Mentorship.objects.get_or_create(
        mentor=people["Marcus Bell"], mentee=people["Andre Whitfield"], ended_on=None,
        defaults={"cadence_days": 14, "started_on": today - datetime.timedelta(days=45), "created_by": organizer},
    )
    for name, to_order in (("Yesenia Castillo", 4), ("Andre Whitfield", 5), ("Darnell Fuller", 4)):
        AdvancementSuggestion.objects.get_or_create(
            person=people[name], to_stage=stages[to_order], status=AdvancementSuggestion.Status.PENDING,
            defaults={"from_stage": stages[to_order - 1], "reason": "Meets the criteria (demo)."},
        )
    quiet_flags_update()
