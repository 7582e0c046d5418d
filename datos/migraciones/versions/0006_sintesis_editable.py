"""síntesis editable: nota.seccion_sintesis y tabla sintesis_dia

Revision ID: 0006
Revises: 0009
Create Date: 2026-12-03 14:30:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import datos.modelos.base

_JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")

# revision identifiers, used by Alembic.
revision: str = "0006"
down_revision: str | Sequence[str] | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Sección de la síntesis elegida por el personal y la edición de cada día."""
    with op.batch_alter_table("nota") as tabla:
        tabla.add_column(sa.Column("seccion_sintesis", sa.String(), nullable=True))
    op.create_table(
        "sintesis_dia",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("fecha", sa.Date(), nullable=False),
        sa.Column("excluidas", _JSON, nullable=False),
        sa.Column("orden", _JSON, nullable=False),
        sa.Column("nota_editorial", sa.Text(), nullable=True),
        sa.Column("actualizada_en", datos.modelos.base.FechaHora(timezone=True), nullable=False),
        sa.Column("enviada_en", datos.modelos.base.FechaHora(timezone=True), nullable=True),
        sa.Column("archivo", sa.String(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sintesis_dia")),
        sa.UniqueConstraint("fecha", name=op.f("uq_sintesis_dia_fecha")),
    )


def downgrade() -> None:
    """Quita la tabla y la columna."""
    op.drop_table("sintesis_dia")
    with op.batch_alter_table("nota") as tabla:
        tabla.drop_column("seccion_sintesis")
