"""revisión de ediciones: nota.revisada_en

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 07:30:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import datos.modelos.base

# revision identifiers, used by Alembic.
revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Agrega la hora de la última revisión de una nota ya guardada."""
    with op.batch_alter_table("nota") as tabla:
        tabla.add_column(
            sa.Column("revisada_en", datos.modelos.base.FechaHora(timezone=True), nullable=True)
        )


def downgrade() -> None:
    """Quita la columna."""
    with op.batch_alter_table("nota") as tabla:
        tabla.drop_column("revisada_en")
