"""calendario de publicaciones de la página de Facebook e insights mensuales de la página

Revision ID: 0013
Revises: 0014
Create Date: 2026-12-03 17:10:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from datos.modelos.base import FechaHora

# revision identifiers, used by Alembic.
revision: str = "0013"
down_revision: str | Sequence[str] | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ESTADOS = ("borrador", "en_revision", "aprobada", "publicada", "fallida", "cancelada")
_JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def _insights() -> None:
    """Cifras mensuales de la página."""
    op.create_table(
        "insights_pagina",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mes", sa.Date(), nullable=False),
        sa.Column("alcance", sa.Integer(), nullable=True),
        sa.Column("interacciones", sa.Integer(), nullable=True),
        sa.Column("seguidores", sa.Integer(), nullable=True),
        sa.Column("seguidores_por_edad", _JSON, nullable=False),
        sa.Column("archivo", sa.String(), nullable=True),
        sa.Column("importado_en", FechaHora(timezone=True), nullable=False),
        sa.CheckConstraint(
            "alcance IS NULL OR alcance >= 0", name=op.f("ck_insights_pagina_alcance")
        ),
        sa.CheckConstraint(
            "interacciones IS NULL OR interacciones >= 0",
            name=op.f("ck_insights_pagina_interacciones"),
        ),
        sa.CheckConstraint(
            "seguidores IS NULL OR seguidores >= 0", name=op.f("ck_insights_pagina_seguidores")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_insights_pagina")),
        sa.UniqueConstraint("mes", name=op.f("uq_insights_pagina_mes")),
    )


def _publicacion() -> None:
    """Publicaciones del calendario."""
    op.create_table(
        "publicacion_facebook",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("boletin_id", sa.Integer(), nullable=True),
        sa.Column("texto", sa.Text(), nullable=False),
        sa.Column("programada_para", FechaHora(timezone=True), nullable=False),
        sa.Column(
            "estado",
            sa.Enum(
                *_ESTADOS,
                name="estado_publicacion",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("id_facebook", sa.String(), nullable=True),
        sa.Column("enlace", sa.String(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("intentos", sa.Integer(), nullable=False),
        sa.Column("reservada_en", FechaHora(timezone=True), nullable=True),
        sa.Column("aprobado_por_id", sa.Integer(), nullable=True),
        sa.Column("version_aprobada", sa.String(), nullable=True),
        sa.Column("aprobada_en", FechaHora(timezone=True), nullable=True),
        sa.Column("publicada_en", FechaHora(timezone=True), nullable=True),
        sa.Column("creado_por", sa.String(), nullable=True),
        sa.Column("creado_en", FechaHora(timezone=True), nullable=False),
        sa.Column("actualizado_en", FechaHora(timezone=True), nullable=False),
        sa.CheckConstraint("intentos >= 0", name=op.f("ck_publicacion_facebook_intentos")),
        sa.ForeignKeyConstraint(
            ["aprobado_por_id"],
            ["usuario.id"],
            name=op.f("fk_publicacion_facebook_aprobado_por_id_usuario"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["boletin_id"],
            ["boletin.id"],
            name=op.f("fk_publicacion_facebook_boletin_id_boletin"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_publicacion_facebook")),
        sa.UniqueConstraint("id_facebook", name=op.f("uq_publicacion_facebook_id_facebook")),
    )
    op.create_index(
        op.f("ix_publicacion_facebook_boletin_id"), "publicacion_facebook", ["boletin_id"]
    )
    op.create_index(
        op.f("ix_publicacion_facebook_programada_para"),
        "publicacion_facebook",
        ["programada_para"],
    )


def _fotos() -> None:
    """Fotos del banco de medios de cada publicación."""
    op.create_table(
        "publicacion_recurso",
        sa.Column("publicacion_id", sa.Integer(), nullable=False),
        sa.Column("recurso_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["publicacion_id"],
            ["publicacion_facebook.id"],
            name=op.f("fk_publicacion_recurso_publicacion_id_publicacion_facebook"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recurso_id"],
            ["recurso.id"],
            name=op.f("fk_publicacion_recurso_recurso_id_recurso"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint(
            "publicacion_id", "recurso_id", name=op.f("pk_publicacion_recurso")
        ),
    )


def upgrade() -> None:
    """Crea publicaciones, sus fotos y los insights de la página."""
    _insights()
    _publicacion()
    _fotos()


def downgrade() -> None:
    """Quita las tablas de la página de Facebook."""
    op.drop_table("publicacion_recurso")
    op.drop_index(
        op.f("ix_publicacion_facebook_programada_para"), table_name="publicacion_facebook"
    )
    op.drop_index(op.f("ix_publicacion_facebook_boletin_id"), table_name="publicacion_facebook")
    op.drop_table("publicacion_facebook")
    op.drop_table("insights_pagina")
