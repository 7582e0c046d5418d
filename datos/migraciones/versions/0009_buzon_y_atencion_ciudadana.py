"""buzón oficial y atención ciudadana: correo, dependencia, solicitud, contacto.correo_falla

Revision ID: 0009
Revises: 0007
Create Date: 2026-12-03 14:26:15.561946

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import datos.modelos.base

# revision identifiers, used by Alembic.
revision: str = "0009"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Buzón oficial (correo, dependencia), atención ciudadana (solicitud) y rebotes en contacto."""
    op.create_table(
        "dependencia",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("nombre", sa.String(), nullable=False),
        sa.Column("correo", sa.String(), nullable=True),
        sa.Column("responsable", sa.String(), nullable=True),
        sa.Column("activa", sa.Boolean(), nullable=False),
        sa.Column("creado_en", datos.modelos.base.FechaHora(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dependencia")),
        sa.UniqueConstraint("nombre", name=op.f("uq_dependencia_nombre")),
    )
    op.create_table(
        "correo",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("clave", sa.String(), nullable=False),
        sa.Column("carpeta", sa.String(), nullable=False),
        sa.Column("uidvalidity", sa.Integer(), nullable=True),
        sa.Column("uid", sa.Integer(), nullable=True),
        sa.Column("message_id", sa.String(), nullable=True),
        sa.Column("remitente", sa.String(), nullable=False),
        sa.Column("remitente_nombre", sa.String(), nullable=True),
        sa.Column("asunto", sa.Text(), nullable=False),
        sa.Column("fecha", datos.modelos.base.FechaHora(timezone=True), nullable=True),
        sa.Column("recibido_en", datos.modelos.base.FechaHora(timezone=True), nullable=False),
        sa.Column("texto", sa.Text(), nullable=False),
        sa.Column(
            "categoria",
            sa.Enum(
                "respuesta_invitacion",
                "agenda",
                "adjuntos",
                "rebote",
                "automatica",
                "otro",
                name="categoria_correo",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("motivo", sa.Text(), nullable=False),
        sa.Column("corregido_por", sa.String(), nullable=True),
        sa.Column(
            "problemas",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "adjuntos",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("respuesta", sa.String(), nullable=True),
        sa.Column("invitacion_id", sa.Integer(), nullable=True),
        sa.Column("evento_id", sa.Integer(), nullable=True),
        sa.Column("contacto_id", sa.Integer(), nullable=True),
        sa.Column("dependencia_id", sa.Integer(), nullable=True),
        sa.Column("archivo", sa.String(), nullable=False),
        sa.Column("atendido", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contacto_id"],
            ["contacto.id"],
            name=op.f("fk_correo_contacto_id_contacto"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["dependencia_id"],
            ["dependencia.id"],
            name=op.f("fk_correo_dependencia_id_dependencia"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["evento_id"],
            ["evento.id"],
            name=op.f("fk_correo_evento_id_evento"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["invitacion_id"],
            ["invitacion.id"],
            name=op.f("fk_correo_invitacion_id_invitacion"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_correo")),
        sa.UniqueConstraint("clave", name=op.f("uq_correo_clave")),
    )
    with op.batch_alter_table("correo", schema=None) as batch_op:
        batch_op.create_index("ix_correo_categoria", ["categoria"], unique=False)
        batch_op.create_index("ix_correo_fecha", ["fecha"], unique=False)
        batch_op.create_index(batch_op.f("ix_correo_message_id"), ["message_id"], unique=False)

    op.create_table(
        "solicitud",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "canal",
            sa.Enum(
                "ventanilla",
                "telefono",
                "facebook",
                "whatsapp",
                "correo",
                "evento",
                "nota",
                name="canal_solicitud",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("asunto", sa.Text(), nullable=False),
        sa.Column("descripcion", sa.Text(), nullable=True),
        sa.Column("localidad", sa.String(), nullable=True),
        sa.Column("tema", sa.String(), nullable=False),
        sa.Column("dependencia_id", sa.Integer(), nullable=True),
        sa.Column(
            "estado",
            sa.Enum(
                "recibida",
                "canalizada",
                "en_atencion",
                "resuelta",
                "no_procede",
                name="estado_solicitud",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("recibida_en", datos.modelos.base.FechaHora(timezone=True), nullable=False),
        sa.Column("vence_en", sa.Date(), nullable=False),
        sa.Column("cerrada_en", datos.modelos.base.FechaHora(timezone=True), nullable=True),
        sa.Column("respuesta", sa.Text(), nullable=True),
        sa.Column("nota_id", sa.Integer(), nullable=True),
        sa.Column("enlace", sa.String(), nullable=True),
        sa.Column("contacto_nombre", sa.String(), nullable=True),
        sa.Column("contacto_telefono", sa.String(), nullable=True),
        sa.Column("contacto_correo", sa.String(), nullable=True),
        sa.Column("datos_borrados_en", datos.modelos.base.FechaHora(timezone=True), nullable=True),
        sa.Column("ultimo_recordatorio", sa.Date(), nullable=True),
        sa.Column("creada_por", sa.String(), nullable=False),
        sa.CheckConstraint("length(asunto) > 0", name=op.f("ck_solicitud_asunto")),
        sa.ForeignKeyConstraint(
            ["dependencia_id"],
            ["dependencia.id"],
            name=op.f("fk_solicitud_dependencia_id_dependencia"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["nota_id"], ["nota.id"], name=op.f("fk_solicitud_nota_id_nota"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_solicitud")),
    )
    with op.batch_alter_table("solicitud", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_solicitud_dependencia_id"), ["dependencia_id"], unique=False
        )
        batch_op.create_index("ix_solicitud_estado", ["estado"], unique=False)

    with op.batch_alter_table("contacto", schema=None) as batch_op:
        batch_op.add_column(sa.Column("correo_falla", sa.Text(), nullable=True))
        batch_op.add_column(
            sa.Column("correo_falla_en", datos.modelos.base.FechaHora(timezone=True), nullable=True)
        )


def downgrade() -> None:
    """Quita las tablas y columnas del buzón y de la atención ciudadana."""
    with op.batch_alter_table("contacto", schema=None) as batch_op:
        batch_op.drop_column("correo_falla_en")
        batch_op.drop_column("correo_falla")

    with op.batch_alter_table("solicitud", schema=None) as batch_op:
        batch_op.drop_index("ix_solicitud_estado")
        batch_op.drop_index(batch_op.f("ix_solicitud_dependencia_id"))

    op.drop_table("solicitud")
    with op.batch_alter_table("correo", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_correo_message_id"))
        batch_op.drop_index("ix_correo_fecha")
        batch_op.drop_index("ix_correo_categoria")

    op.drop_table("correo")
    op.drop_table("dependencia")
