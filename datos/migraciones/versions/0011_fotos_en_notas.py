"""fotos del banco en notas (pHash registrado una vez) e índice de la cola de revisión

Revision ID: 0011
Revises: 0003
Create Date: 2026-12-03 14:40:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import Session

# revision identifiers, used by Alembic.
revision: str = "0011"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Crea la tabla y la llena con las huellas que ya había (banco contra notas)."""
    op.create_table(
        "foto_en_nota",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("nota_id", sa.Integer(), nullable=False),
        sa.Column("recurso_id", sa.Integer(), nullable=False),
        sa.Column("distancia", sa.Integer(), nullable=False),
        sa.Column("url_imagen", sa.String(), nullable=False),
        sa.CheckConstraint("distancia >= 0", name=op.f("ck_foto_en_nota_distancia")),
        sa.ForeignKeyConstraint(
            ["nota_id"], ["nota.id"], name=op.f("fk_foto_en_nota_nota_id_nota"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["recurso_id"],
            ["recurso.id"],
            name=op.f("fk_foto_en_nota_recurso_id_recurso"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_foto_en_nota")),
        sa.UniqueConstraint(
            "nota_id", "recurso_id", name=op.f("uq_foto_en_nota_nota_id_recurso_id")
        ),
    )
    op.create_index("ix_foto_en_nota_recurso", "foto_en_nota", ["recurso_id"], unique=False)
    _llenar()
    _indice_de_tono(["fecha_publicacion", "tono", "tono_confirmado", "tono_puntaje", "medio_id"])
    op.create_index(
        "ix_nota_sin_fecha_captura",
        "nota",
        ["fecha_captura", "tono", "tono_confirmado", "medio_id"],
        unique=False,
        sqlite_where=sa.text("fecha_publicacion IS NULL"),
        postgresql_where=sa.text("fecha_publicacion IS NULL"),
    )


def _indice_de_tono(columnas: list[str]) -> None:
    """Rehace ix_nota_fecha_tono con estas columnas (la cola de revisión lo usa sin leer notas)."""
    op.drop_index("ix_nota_fecha_tono", table_name="nota")
    op.create_index("ix_nota_fecha_tono", "nota", columnas, unique=False)


def _llenar() -> None:
    """Las coincidencias de las huellas ya calculadas (antes se comparaban en cada vista)."""
    from datos.repositorio.fotos_en_notas import recalcular_todo

    with Session(bind=op.get_bind()) as s:
        recalcular_todo(s)
        s.flush()


def downgrade() -> None:
    """Quita la tabla y deja los índices de nota como estaban."""
    op.drop_index("ix_nota_sin_fecha_captura", table_name="nota")
    _indice_de_tono(["fecha_publicacion", "tono", "tono_confirmado"])
    op.drop_index("ix_foto_en_nota_recurso", table_name="foto_en_nota")
    op.drop_table("foto_en_nota")
