"""deshacer: bitacora.revierte_id

Revision ID: 0007
Revises: 0011
Create Date: 2026-12-03 14:30:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0007"
down_revision: str | Sequence[str] | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Agrega a la bitácora qué entrada revierte cada «deshacer» (y su índice)."""
    with op.batch_alter_table("bitacora") as tabla:
        tabla.add_column(sa.Column("revierte_id", sa.Integer(), nullable=True))
        tabla.create_index("ix_bitacora_revierte", ["revierte_id"])


def downgrade() -> None:
    """Quita la columna y su índice."""
    with op.batch_alter_table("bitacora") as tabla:
        tabla.drop_index("ix_bitacora_revierte")
        tabla.drop_column("revierte_id")
