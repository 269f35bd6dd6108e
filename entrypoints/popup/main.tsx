import { mountPopup } from '../../components/popup/mount';

void mountPopup();
