"""campañas de difusión, órdenes por medio (pauta) y entregas (spots e inserciones)

Revision ID: 0010
Revises: 0012
Create Date: 2026-12-03 15:15:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from datos.modelos.base import FechaHora

# revision identifiers, used by Alembic.
revision: str = "0010"
down_revision: str | Sequence[str] | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _campana() -> None:
    """Campaña y sus materiales del banco de medios."""
    op.create_table(
        "campana",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("nombre", sa.String(), nullable=False),
        sa.Column("inicio", sa.Date(), nullable=False),
        sa.Column("fin", sa.Date(), nullable=False),
        sa.Column("mensaje", sa.Text(), nullable=False),
        sa.Column("creado_en", FechaHora(), nullable=False),
        sa.CheckConstraint("fin >= inicio", name=op.f("ck_campana_periodo")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campana")),
        sa.UniqueConstraint("nombre", name=op.f("uq_campana_nombre")),
    )
    op.create_table(
        "campana_recurso",
        sa.Column("campana_id", sa.Integer(), nullable=False),
        sa.Column("recurso_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["campana_id"],
            ["campana.id"],
            name=op.f("fk_campana_recurso_campana_id_campana"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recurso_id"],
            ["recurso.id"],
            name=op.f("fk_campana_recurso_recurso_id_recurso"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("campana_id", "recurso_id", name=op.f("pk_campana_recurso")),
    )


def _orden() -> None:
    """Órdenes de la pauta por medio."""
    op.create_table(
        "orden",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campana_id", sa.Integer(), nullable=False),
        sa.Column("medio_id", sa.Integer(), nullable=False),
        sa.Column("convenio_id", sa.Integer(), nullable=True),
        sa.Column(
            "tipo",
            sa.Enum(
                "spot",
                "insercion",
                "banner",
                name="tipo_orden",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("cantidad", sa.Integer(), nullable=False),
        sa.Column("horario", sa.String(), nullable=True),
        sa.Column("tamano", sa.String(), nullable=True),
        sa.Column("pagina", sa.String(), nullable=True),
        sa.Column("costo", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("creado_en", FechaHora(), nullable=False),
        sa.CheckConstraint("cantidad > 0", name=op.f("ck_orden_cantidad")),
        sa.CheckConstraint("costo >= 0", name=op.f("ck_orden_costo")),
        sa.ForeignKeyConstraint(
            ["campana_id"],
            ["campana.id"],
            name=op.f("fk_orden_campana_id_campana"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["convenio_id"],
            ["convenio.id"],
            name=op.f("fk_orden_convenio_id_convenio"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["medio_id"], ["medio.id"], name=op.f("fk_orden_medio_id_medio"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_orden")),
    )
    op.create_index(op.f("ix_orden_campana_id"), "orden", ["campana_id"], unique=False)
    op.create_index(op.f("ix_orden_medio_id"), "orden", ["medio_id"], unique=False)


def _entrega() -> None:
    """Entregas: spots transmitidos e inserciones publicadas."""
    op.create_table(
        "entrega",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("orden_id", sa.Integer(), nullable=False),
        sa.Column("momento", FechaHora(), nullable=False),
        sa.Column("programa", sa.String(), nullable=True),
        sa.Column("duracion_segundos", sa.Integer(), nullable=True),
        sa.Column("nota_id", sa.Integer(), nullable=True),
        sa.Column("origen", sa.String(), nullable=False),
        sa.Column("creado_en", FechaHora(), nullable=False),
        sa.ForeignKeyConstraint(
            ["nota_id"], ["nota.id"], name=op.f("fk_entrega_nota_id_nota"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["orden_id"], ["orden.id"], name=op.f("fk_entrega_orden_id_orden"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_entrega")),
        sa.UniqueConstraint("orden_id", "momento", name=op.f("uq_entrega_orden_id_momento")),
    )
    op.create_index(op.f("ix_entrega_orden_id"), "entrega", ["orden_id"], unique=False)


def upgrade() -> None:
    """Crea campaña, materiales, órdenes y entregas."""
    _campana()
    _orden()
    _entrega()


def downgrade() -> None:
    """Quita las tablas de campañas."""
    op.drop_index(op.f("ix_entrega_orden_id"), table_name="entrega")
    op.drop_table("entrega")
    op.drop_index(op.f("ix_orden_medio_id"), table_name="orden")
    op.drop_index(op.f("ix_orden_campana_id"), table_name="orden")
    op.drop_table("orden")
    op.drop_table("campana_recurso")
    op.drop_table("campana")
